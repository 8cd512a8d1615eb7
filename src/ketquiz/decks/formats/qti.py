"""QTI 2.1 content package (a .zip): for Canvas, Blackboard, Inspera and other IMS QTI importers.

The zip holds ``imsmanifest.xml`` (IMS Content Packaging 1.1, one resource per item and one for the test),
``test.xml`` (an assessmentTest with one section per topic) and ``items/<id>.xml``, one assessmentItem per card:

* mcq, multi, truefalse → ``choiceInteraction`` (single or multiple cardinality) with the correct response;
* typed and cloze → ``textEntryInteraction`` (cloze: inline in its sentence), every accepted answer mapped to
  full marks, case-insensitively;
* basic → ``extendedTextInteraction``, scored by the teacher.

Every item's ``modalFeedback`` (shown after answering) carries the answer, the contested mark, the explanation and
each citation (source title and quoted passage). Written with the standard library.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile

from ketquiz.core.model import Card, CardType, Deck
from ketquiz.decks.formats.common import (
    CONTESTED,
    Export,
    citations,
    disagreement_lines,
    topic_title,
    xml_safe,
)

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: A fixed time for every zip member, so the same deck always gives the same bytes.
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def identifier(text: str, prefix: str = "I_") -> str:
    """A QTI identifier (an XML NCName) from a card or topic id."""
    return prefix + re.sub(r"[^A-Za-z0-9_.-]", "_", text)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = xml_safe(text)
    return el


def _feedback(item: ET.Element, card: Card, deck: Deck) -> None:
    fb = _el(item, "modalFeedback", outcomeIdentifier="FEEDBACK", identifier="GENERAL", showHide="show")
    p = _el(fb, "p")
    _el(p, "b", "Answer:").tail = xml_safe(" " + card.answer)
    if card.contested:
        _el(_el(fb, "p"), "b", CONTESTED)
        lines = disagreement_lines(card, deck)
        if lines:
            ul = _el(fb, "ul")
            for title, says in lines:
                _el(ul, "li", f"{title}: {says}")
    if card.explanation:
        _el(fb, "p", card.explanation)
    for title, quote in citations(card, deck):
        bq = _el(fb, "blockquote")
        _el(bq, "p", f"“{quote}”")
        _el(bq, "p", f"— {title}")


def _prompt(body: ET.Element, card: Card) -> None:
    _el(body, "p", card.prompt)
    if card.contested:
        _el(_el(body, "p"), "i", "(contested: the sources disagree)")


def _text_entry_declaration(item: ET.Element, card: Card) -> None:
    decl = _el(item, "responseDeclaration", identifier="RESPONSE", cardinality="single", baseType="string")
    _el(_el(decl, "correctResponse"), "value", card.answer)
    mapping = _el(decl, "mapping", defaultValue="0")
    for a in dict.fromkeys(card.accepted_answers):
        _el(mapping, "mapEntry", mapKey=xml_safe(a), mappedValue="1", caseSensitive="false")


def item_xml(card: Card, deck: Deck) -> ET.Element:
    item = ET.Element(
        f"{{{QTI}}}assessmentItem",
        {
            f"{{{XSI}}}schemaLocation": f"{QTI} {QTI_XSD}",
            "identifier": identifier(card.id),
            "title": xml_safe(("[contested] " if card.contested else "") + card.id),
            "adaptive": "false",
            "timeDependent": "false",
        },
    )
    choices = card.type in (CardType.MCQ, CardType.MULTI, CardType.TRUEFALSE)
    if choices:
        multiple = card.type is CardType.MULTI
        decl = _el(
            item,
            "responseDeclaration",
            identifier="RESPONSE",
            cardinality="multiple" if multiple else "single",
            baseType="identifier",
        )
        correct = _el(decl, "correctResponse")
        for i in card.correct:
            _el(correct, "value", f"C{i}")
    elif card.type in (CardType.TYPED, CardType.CLOZE):
        _text_entry_declaration(item, card)
    else:
        _el(item, "responseDeclaration", identifier="RESPONSE", cardinality="single", baseType="string")
    score = _el(item, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    _el(_el(score, "defaultValue"), "value", "0")
    _el(item, "outcomeDeclaration", identifier="FEEDBACK", cardinality="single", baseType="identifier")
    body = _el(item, "itemBody")
    if choices:
        _prompt(body, card)
        interaction = _el(
            body,
            "choiceInteraction",
            responseIdentifier="RESPONSE",
            shuffle="false" if card.type is CardType.TRUEFALSE else "true",
            maxChoices="0" if card.type is CardType.MULTI else "1",
        )
        for i, c in enumerate(card.choices):
            _el(interaction, "simpleChoice", c, identifier=f"C{i}")
    elif card.type is CardType.CLOZE:
        before, _, rest = card.text.partition("{{")
        _, _, after = rest.partition("}}")
        p = _el(body, "p", before)
        _el(
            p, "textEntryInteraction", responseIdentifier="RESPONSE", expectedLength=str(len(card.answer) + 5)
        )
        p[-1].tail = xml_safe(after)
        if card.contested:
            _el(_el(body, "p"), "i", "(contested: the sources disagree)")
    elif card.type is CardType.TYPED:
        _prompt(body, card)
        _el(
            _el(body, "p"),
            "textEntryInteraction",
            responseIdentifier="RESPONSE",
            expectedLength=str(len(card.answer) + 5),
        )
    else:
        _prompt(body, card)
        _el(body, "extendedTextInteraction", responseIdentifier="RESPONSE", expectedLines="5")
    rp = _el(item, "responseProcessing")
    if choices:
        cond = _el(_el(rp, "responseCondition"), "responseIf")
        match = _el(cond, "match")
        _el(match, "variable", identifier="RESPONSE")
        _el(match, "correct", identifier="RESPONSE")
        _el(_el(cond, "setOutcomeValue", identifier="SCORE"), "baseValue", "1", baseType="float")
    elif card.type in (CardType.TYPED, CardType.CLOZE):
        _el(_el(rp, "setOutcomeValue", identifier="SCORE"), "mapResponse", identifier="RESPONSE")
    _el(_el(rp, "setOutcomeValue", identifier="FEEDBACK"), "baseValue", "GENERAL", baseType="identifier")
    _feedback(item, card, deck)
    return item


def assessment_test_xml(deck: Deck) -> ET.Element:
    """The assessmentTest: one section per topic, items in deck order."""
    test = ET.Element(
        f"{{{QTI}}}assessmentTest",
        {
            f"{{{XSI}}}schemaLocation": f"{QTI} {QTI_XSD}",
            "identifier": identifier(deck.id, "T_"),
            "title": xml_safe(deck.title),
        },
    )
    part = _el(test, "testPart", identifier="P1", navigationMode="nonlinear", submissionMode="simultaneous")
    by_topic: dict[str, list[Card]] = {}
    for card in deck.cards:
        by_topic.setdefault(card.topic, []).append(card)
    for topic_id, cards in by_topic.items():
        section = _el(
            part,
            "assessmentSection",
            identifier=identifier(topic_id, "S_"),
            title=xml_safe(topic_title(deck, topic_id)),
            visible="true",
        )
        for card in cards:
            _el(
                section,
                "assessmentItemRef",
                identifier=identifier(card.id),
                href=f"items/{identifier(card.id)}.xml",
            )
    return test


def manifest_xml(deck: Deck) -> ET.Element:
    m = ET.Element(
        f"{{{CP}}}manifest",
        {f"{{{XSI}}}schemaLocation": f"{CP} {CP_XSD}", "identifier": identifier(deck.id, "M_")},
    )
    meta = _el(m, f"{{{CP}}}metadata")
    _el(meta, f"{{{CP}}}schema", "QTIv2.1 Package")
    _el(meta, f"{{{CP}}}schemaversion", "1.0.0")
    _el(m, f"{{{CP}}}organizations")
    resources = _el(m, f"{{{CP}}}resources")
    test = _el(resources, f"{{{CP}}}resource", identifier="TEST", type="imsqti_test_xmlv2p1", href="test.xml")
    _el(test, f"{{{CP}}}file", href="test.xml")
    for card in deck.cards:
        ident = identifier(card.id)
        _el(test, f"{{{CP}}}dependency", identifierref=f"R_{ident}")
        r = _el(
            resources,
            f"{{{CP}}}resource",
            identifier=f"R_{ident}",
            type="imsqti_item_xmlv2p1",
            href=f"items/{ident}.xml",
        )
        _el(r, f"{{{CP}}}file", href=f"items/{ident}.xml")
    return m


def _bytes(root: ET.Element, default_ns: str) -> bytes:
    ET.register_namespace("", default_ns)
    ET.register_namespace("xsi", XSI)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _qualify(root: ET.Element) -> ET.Element:
    """Put every unqualified element of an item or test into the QTI namespace."""
    for el in root.iter():
        if not el.tag.startswith("{"):
            el.tag = f"{{{QTI}}}{el.tag}"
    return root


def export(deck: Deck) -> Export:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:

        def put(name: str, data: bytes) -> None:
            z.writestr(zipfile.ZipInfo(name, ZIP_TIME), data, zipfile.ZIP_DEFLATED)

        put("imsmanifest.xml", _bytes(manifest_xml(deck), CP))
        put("test.xml", _bytes(_qualify(assessment_test_xml(deck)), QTI))
        for card in deck.cards:
            put(f"items/{identifier(card.id)}.xml", _bytes(_qualify(item_xml(card, deck)), QTI))
    return Export(data=buf.getvalue(), exported=len(deck.cards))
