"""The source tree keeps the shape docs/architecture.md describes: each app imports only the
apps below it, no module imports one that imports it back, nothing in the product imports
the benchmarks or the tests, and no file or function grows past what a reader takes in."""

import ast
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
# Each app may import the ones before it, never one after it.
APPS = ["authorities", "audits", "reports", "learning", "api"]
# The project package wires the apps together and may import any of them; an app may use
# only these small modules of it, which import no app.
WIRING = "auditportal"
SHARED = {
    "auditportal.access",
    "auditportal.dates",
    "auditportal.forms",
    "auditportal.notices",
    "auditportal.text",
    "auditportal.trail",
}
PRODUCT = [*APPS, WIRING]
TREE = [*PRODUCT, "bench", "tests"]
MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 80

# Long files and functions that a branch in flight is shortening now; the list only shrinks.
STILL_LONG: set[str] = set()


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def source_files(tops=TREE) -> dict[str, Path]:
    """Every Python file of these top-level folders by module name, migrations left out."""
    return {
        module_name(path): path
        for top in tops
        for path in sorted((ROOT / top).rglob("*.py"))
        if "migrations" not in path.parts
    }


def imported(module: str, source: str, *, is_package: bool, known: set[str]) -> set[str]:
    """The modules of ``known`` that ``source`` imports anywhere in it (inside functions too,
    where an import is only deferred, not gone)."""
    targets = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            # "from x import y" imports module x.y when there is one, else a name of x.
            targets += [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
    found = {_within(target, known) for target in targets}
    return found - {"", module}


def _within(name: str, known: set[str]) -> str:
    """The longest module of ``known`` that ``name`` is or is in ("" if none)."""
    parts = name.split(".")
    while parts and ".".join(parts) not in known:
        parts.pop()
    return ".".join(parts)


def import_graph(tops=TREE) -> dict[str, set[str]]:
    files = source_files(tops)
    known = set(files)
    return {
        module: imported(
            module, path.read_text(), is_package=path.name == "__init__.py", known=known
        )
        for module, path in files.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other in a loop (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while not group or group[-1] != node:
                group.append(stack.pop())
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def top(module: str) -> str:
    return module.split(".")[0]


def is_command(module: str) -> bool:
    return ".management.commands." in module


def is_views(module: str) -> bool:
    return any(part.startswith("views") or part.endswith("_views") for part in module.split("."))


def long_parts() -> dict[str, int]:
    """Files over MAX_FILE_LINES and functions over MAX_FUNCTION_LINES, with their lengths."""
    found = {}
    for path in source_files().values():
        where = path.relative_to(ROOT).as_posix()
        text = path.read_text()
        if len(text.splitlines()) > MAX_FILE_LINES:
            found[where] = len(text.splitlines())
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found[f"{where}::{node.name}"] = length
    return found


class ArchitectureTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.graph = import_graph()

    def imports(self, *, of: list[str]) -> list[tuple[str, str]]:
        return [
            (module, other)
            for module, others in sorted(self.graph.items())
            if top(module) in of
            for other in sorted(others)
        ]

    def test_it_reads_the_whole_tree(self):
        """A walk that found nothing would let every rule below pass."""
        self.assertGreater(len(self.graph), 250)
        self.assertIn("audits.models.visits", self.graph["audits.models"])

    def test_it_keeps_each_app_to_the_apps_below_it(self):
        upward = [
            (module, other)
            for module, other in self.imports(of=APPS)
            if top(other) in APPS and APPS.index(top(other)) > APPS.index(top(module))
        ]
        self.assertEqual(upward, [])

    def test_it_lets_an_app_use_only_the_shared_modules_of_the_wiring(self):
        wiring = [
            (module, other)
            for module, other in self.imports(of=APPS)
            if top(other) == WIRING and other not in SHARED
        ]
        self.assertEqual(wiring, [])

    def test_it_keeps_the_shared_modules_free_of_the_apps(self):
        """Otherwise an app reaching them would reach, through them, whatever they import."""
        shared = [(m, o) for m, o in self.imports(of=[WIRING]) if m in SHARED and top(o) != WIRING]
        self.assertEqual(shared, [])

    def test_it_keeps_the_benchmarks_and_the_tests_out_of_the_product(self):
        """A management command is run by hand, never loaded by the service: it may start a
        benchmark's tool (generate_dataset runs bench/dataset.py)."""
        outside = [
            (module, other)
            for module, other in self.imports(of=PRODUCT)
            if top(other) == "tests" or (top(other) == "bench" and not is_command(module))
        ]
        self.assertEqual(outside, [])

    def test_it_lets_only_a_urlconf_import_a_view_module(self):
        """Views are the outermost layer: what another module needs from one belongs in a
        service (the home page's panels come from the services, not from the views)."""
        into_views = [
            (module, other)
            for module, other in self.imports(of=[*PRODUCT, "bench"])
            if is_views(other) and "urls" not in module.split(".")
        ]
        self.assertEqual(into_views, [])

    def test_it_finds_no_import_cycle(self):
        self.assertEqual(cycles(self.graph), [])

    def test_it_keeps_files_and_functions_short(self):
        too_long = {part: n for part, n in long_parts().items() if part not in STILL_LONG}
        self.assertEqual(
            too_long, {}, f"over {MAX_FILE_LINES} lines a file, {MAX_FUNCTION_LINES} a function"
        )

    def test_it_allows_only_what_is_still_long(self):
        """An entry of STILL_LONG that is short now is taken out, so the list only shrinks."""
        self.assertEqual(STILL_LONG - set(long_parts()), set())


class ImportReaderTests(SimpleTestCase):
    """The reader the rules above rest on sees every way of importing."""

    KNOWN = {"audits", "audits.models", "audits.models.visits", "audits.tasks", "reports.models"}

    def test_it_reads_relative_deferred_and_aliased_imports(self):
        source = (
            "from . import visits\n"
            "from ..tasks import send\n"
            "import reports.models as rm\n"
            "def later():\n"
            "    from audits.models import Visit\n"
        )
        found = imported("audits.models.casework", source, is_package=False, known=self.KNOWN)
        self.assertEqual(
            found, {"audits.models.visits", "audits.tasks", "reports.models", "audits.models"}
        )

    def test_it_finds_a_loop_of_three(self):
        graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
        self.assertEqual(cycles(graph), [["a", "b", "c"]])
