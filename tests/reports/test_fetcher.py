"""While rendering, WeasyPrint may load the service's own static files and nothing else."""

import http.server
import threading

import pytest
from django.test import SimpleTestCase

from reports.fetcher import BASE_URL, RefusedURL, StaticOnlyFetcher, static_path
from reports.pdf import html_to_pdf

REFUSED = [
    "http://example.com/logo.png",
    "https://169.254.169.254/latest/meta-data/",
    "file:///etc/passwd",
    "file:///work/var/auditportal.sqlite3",
    "data:image/svg+xml;base64,PHN2Zy8+",
    "ftp://example.com/x.css",
    "https://auditportal.invalid.example.com/static/css/report.css",
    "https://auditportal.invalid:8443/static/css/report.css",
    f"{BASE_URL}media-not-served/reports/visit-1/x.pdf",
    f"{BASE_URL}static/../auditportal/settings.py",
    f"{BASE_URL}static/%2e%2e/auditportal/settings.py",
    f"{BASE_URL}static/css/../../manage.py",
    f"{BASE_URL}static//etc/passwd",
    f"{BASE_URL}static/js/app.js",
    f"{BASE_URL}static/css/report.css?x=http://example.com",
    f"{BASE_URL}static/css/no-such-file.css",
    "/static/css/report.css",  # relative: only ever resolved against the report's base
]


class FetcherTests(SimpleTestCase):
    def test_it_serves_the_reports_own_stylesheet(self):
        response = StaticOnlyFetcher()(f"{BASE_URL}static/css/report.css")
        self.assertEqual(response.content_type, "text/css")
        self.assertIn(b".app-report", response.read())

    def test_it_refuses_everything_else(self):
        fetcher = StaticOnlyFetcher()
        for url in REFUSED:
            with self.subTest(url=url), pytest.raises(RefusedURL):
                fetcher(url)

    def test_it_resolves_only_inside_the_static_folders(self):
        self.assertEqual(static_path(f"{BASE_URL}static/css/report.css").name, "report.css")


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


class RenderingFetchesNothingTests(SimpleTestCase):
    def test_markup_pointing_outside_makes_no_request_at_all(self):
        server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            port = server.server_address[1]
            html = (
                '<!DOCTYPE html><html lang="en"><head><title>t</title>'
                f'<link rel="stylesheet" href="http://127.0.0.1:{port}/evil.css">'
                '<link rel="stylesheet" href="file:///etc/passwd"></head><body>'
                f'<img src="http://127.0.0.1:{port}/pixel.png" alt="">'
                f'<p style="background: url(http://127.0.0.1:{port}/bg.png)">text</p>'
                "</body></html>"
            )
            result = html_to_pdf(html)
        finally:
            server.shutdown()
            server.server_close()
        self.assertTrue(result.startswith(b"%PDF-"))
        self.assertEqual(_Recorder.requests, [])
