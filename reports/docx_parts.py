"""Parts the Word files share: British English throughout, charts as pictures, the contents.

The covering report (``reports.docx``) and the annual regional summary
(``learning.summary``) both use these, so a council opening either in Word, LibreOffice or
Google Docs sees the same things:

- **Language.** Every style, the document defaults and the theme say en-GB, so the spelling
  checker and screen readers use British English whichever style a paragraph has.
- **Charts.** The PDF's SVG charts are drawn to PNG with CairoSVG (the SVG stays the one
  drawing of each chart) and placed as pictures whose alt text is the chart's own title and
  description: the figures a screen reader reads in the PDF.
- **Contents.** Written out, entry by entry, from the headings actually in the document, each a
  link to its heading. Only the page number is a Word field (PAGEREF): left empty, it shows
  nothing until Word or LibreOffice lays the pages out and fills it in, so a program that does
  neither shows the entries without numbers rather than wrong ones.
"""

from __future__ import annotations

import io

import cairosvg
from defusedxml import ElementTree  # installed with CairoSVG, which parses SVG with it
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

LANGUAGE = "en-GB"
SVG = "{http://www.w3.org/2000/svg}"
# Drawn at twice the SVG's size so the picture stays sharp when printed or zoomed.
CHART_SCALE = 2
CONTENTS_STYLE = "toc 1"  # Word's own name for the first level of a contents list
BOOKMARK_PREFIX = "_Toc_section_"  # a leading underscore hides it from Word's bookmark list


def field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC) that Word fills in when it lays the page out."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = placeholder
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, shown, end):
        run._r.append(element)


# A watermark the way Word makes one (Design > Watermark): a VML WordArt shape, centred on the
# page behind the text, in a run of the header, so it shows on every page. Word, LibreOffice
# and Google Docs all draw it; the "DRAFT" header line stays for readers that do not.
WATERMARK = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
  xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"
  xmlns:w10="urn:schemas-microsoft-com:office:word"><w:rPr><w:noProof/></w:rPr><w:pict>
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
  path="m@7,l@8,m@5,21600l@6,21600e">
<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>
<v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/>
<v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/>
<v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/>
<v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom"
  o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>
<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/>
</v:handles><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>
<v:shape id="PowerPlusWaterMarkObject" o:spid="_x0000_s2049" type="#_x0000_t136"
  style="position:absolute;margin-left:0;margin-top:0;width:440pt;height:146pt;rotation:315;
  z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;
  mso-position-vertical:center;mso-position-vertical-relative:margin"
  o:allowincell="f" fillcolor="#d4351c" stroked="f">
<v:fill opacity=".2"/>
<v:textpath style="font-family:&quot;Arial&quot;;font-size:1pt;font-weight:bold" string="{text}"/>
<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>"""


def watermark(header, text: str) -> None:
    """Put ``text`` across every page, behind the content, as Word's own watermarks are."""
    header.paragraphs[0]._p.append(parse_xml(WATERMARK.format(text=text)))


def british_english(doc) -> None:
    """Set en-GB on the document defaults, the theme's language and every style."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        run_defaults = defaults.find(qn("w:rPrDefault"))
        if run_defaults is not None:
            _set_language(run_defaults.find(qn("w:rPr")))
    for style in styles.findall(qn("w:style")):
        # Numbering (list) styles hold no run properties in Word's schema.
        if style.get(qn("w:type")) != "numbering":
            _set_language(style.get_or_add_rPr())
    theme_language = doc.settings.element.find(qn("w:themeFontLang"))
    if theme_language is None:
        theme_language = OxmlElement("w:themeFontLang")
        doc.settings.element.append(theme_language)
    theme_language.set(qn("w:val"), LANGUAGE)
    doc.core_properties.language = LANGUAGE


def _set_language(run_properties) -> None:
    if run_properties is None:
        return
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.append(language)
    language.set(qn("w:val"), LANGUAGE)


def chart_alt_text(svg: str) -> str:
    """What a screen reader reads of the SVG: its ``aria-label``, or its title and description."""
    root = ElementTree.fromstring(svg)
    if root.get("aria-label", "").strip():
        return root.get("aria-label").strip()
    parts = [root.findtext(f"{SVG}title", ""), root.findtext(f"{SVG}desc", "")]
    return ". ".join(part.strip().rstrip(".") for part in parts if part.strip()) + "."


def chart_png(svg: str) -> bytes:
    return cairosvg.svg2png(bytestring=svg.encode(), scale=CHART_SCALE)


def add_chart(doc, svg: str, caption: str = "", *, width_mm: float = 170) -> None:
    """The chart as a picture with alt text, kept on the page of the caption under it."""
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.keep_with_next = bool(caption)
    picture = paragraph.add_run().add_picture(io.BytesIO(chart_png(svg)), width=Mm(width_mm))
    properties = picture._inline.docPr
    properties.set("title", ElementTree.fromstring(svg).findtext(f"{SVG}title", "").strip())
    properties.set("descr", chart_alt_text(svg))
    if caption:
        doc.add_paragraph(caption, style="Caption")


def contents_marker(doc):
    """An empty paragraph where ``write_contents`` will put the entries."""
    return doc.add_paragraph()


def write_contents(doc, marker, *, text_width_mm: float) -> list[str]:
    """Fill the contents at ``marker`` from the level-1 headings after it; returns the entries.

    Runs once the whole document is written, so whatever sections it holds are listed.
    """
    style = _contents_style(doc, text_width_mm)
    entries = []
    after_marker = False
    for paragraph in doc.paragraphs:
        if paragraph._p is marker._p:
            after_marker = True
        elif after_marker and paragraph.style.name == "Heading 1":
            bookmark = f"{BOOKMARK_PREFIX}{len(entries) + 1}"
            _bookmark(paragraph, bookmark, 9000 + len(entries))
            entry = marker.insert_paragraph_before(style=style)
            _link(entry, paragraph.text, bookmark)
            entry.add_run("\t")
            _page_reference(entry, bookmark)
            entries.append(paragraph.text)
    marker._p.getparent().remove(marker._p)
    return entries


def _contents_style(doc, text_width_mm: float):
    names = {style.name for style in doc.styles}
    if CONTENTS_STYLE in names:
        return doc.styles[CONTENTS_STYLE]
    style = doc.styles.add_style(CONTENTS_STYLE, 1)  # a paragraph style
    style.base_style = doc.styles["Normal"]
    style.paragraph_format.space_after = Pt(4)
    style.paragraph_format.tab_stops.add_tab_stop(
        Mm(text_width_mm), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
    )
    _set_language(style.element.get_or_add_rPr())
    return style


def _bookmark(paragraph, name: str, number: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _link(paragraph, text: str, bookmark: str) -> None:
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark)
    link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    shown = OxmlElement("w:t")
    shown.set(qn("xml:space"), "preserve")
    shown.text = text
    run.append(shown)
    link.append(run)
    paragraph._p.append(link)


def _page_reference(paragraph, bookmark: str) -> None:
    """A PAGEREF field with no stored result: the number appears once pages are laid out."""
    run = paragraph.add_run()
    for kind, instruction in (("begin", None), (None, f" PAGEREF {bookmark} \\h "), ("end", None)):
        if instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instruction
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
