"""The QTI 2.1 package, opened as an importer would: the zip, its manifest, the test and every item, parsed with
lxml and checked against the structure QTI 2.1 requires (no schema is checked: no package on the index ships
the QTI 2.1 XSD, and the tests do not download it)."""

from __future__ import annotations

import io
import zipfile

import pytest

from ketquiz.core.model import CardType, Deck
from ketquiz.decks.formats import export
from ketquiz.decks.formats.qti import CP, QTI, identifier

from .test_lms_exports import HOSTILE_PROMPT, bundled, hostile  # noqa: F401  (fixture)

etree = pytest.importorskip("lxml.etree")
NS = {"q": QTI, "cp": CP}


def check_qti(deck: Deck, data: bytes) -> None:
    z = zipfile.ZipFile(io.BytesIO(data))
    assert z.testzip() is None
    names = set(z.namelist())
    manifest = etree.fromstring(z.read("imsmanifest.xml"))
    assert manifest.tag == f"{{{CP}}}manifest"
    assert manifest.findtext("cp:metadata/cp:schema", namespaces=NS) == "QTIv2.1 Package"
    resources = manifest.findall("cp:resources/cp:resource", NS)
    ids = {r.get("identifier") for r in resources}
    for r in resources:  # every resource's files are in the zip, every dependency resolves
        assert r.get("href") in names
        assert all(f.get("href") in names for f in r.findall("cp:file", NS))
        assert all(d.get("identifierref") in ids for d in r.findall("cp:dependency", NS))
    items = [r for r in resources if r.get("type") == "imsqti_item_xmlv2p1"]
    assert len(items) == len(deck.cards)
    test = etree.fromstring(z.read("test.xml"))
    assert test.tag == f"{{{QTI}}}assessmentTest"
    refs = test.findall(".//q:assessmentItemRef", NS)
    assert [r.get("href") for r in refs] == [f"items/{identifier(c.id)}.xml" for c in deck.cards]
    for card in deck.cards:
        item = etree.fromstring(z.read(f"items/{identifier(card.id)}.xml"))
        assert item.tag == f"{{{QTI}}}assessmentItem" and item.get("identifier") == identifier(card.id)
        declared = {d.get("identifier"): d for d in item.findall("q:responseDeclaration", NS)}
        outcomes = {o.get("identifier") for o in item.findall("q:outcomeDeclaration", NS)}
        assert outcomes == {"SCORE", "FEEDBACK"}
        interactions = [el for el in item.iter() if str(el.tag).endswith("Interaction")]
        assert len(interactions) == 1
        (interaction,) = interactions
        assert interaction.get("responseIdentifier") in declared
        decl = declared[interaction.get("responseIdentifier")]
        kind = etree.QName(interaction).localname
        if card.type in (CardType.MCQ, CardType.MULTI, CardType.TRUEFALSE):
            assert kind == "choiceInteraction"
            choices = {c.get("identifier"): c.text for c in interaction.findall("q:simpleChoice", NS)}
            assert list(choices.values()) == list(card.choices)
            correct = [v.text for v in decl.findall("q:correctResponse/q:value", NS)]
            assert [choices[c] for c in correct] == [card.choices[i] for i in card.correct]
            assert decl.get("cardinality") == ("multiple" if card.type is CardType.MULTI else "single")
        elif card.type in (CardType.TYPED, CardType.CLOZE):
            assert kind == "textEntryInteraction"
            keys = [e.get("mapKey") for e in decl.findall("q:mapping/q:mapEntry", NS)]
            assert keys == list(dict.fromkeys(card.accepted_answers))
        else:
            assert kind == "extendedTextInteraction"
        # every outcome the processing sets is declared; the feedback it sets is the one the item carries
        for s in item.findall(".//q:setOutcomeValue", NS):
            assert s.get("identifier") in outcomes
        feedback = item.find("q:modalFeedback", NS)
        assert feedback.get("outcomeIdentifier") == "FEEDBACK" and feedback.get("identifier") == "GENERAL"
        text = "".join(feedback.itertext())
        for cite in card.citations:
            assert cite.quote in text and deck.source(cite.source).title in text
        assert ("Contested" in text) == card.contested


def test_qti_package_of_the_bundled_deck() -> None:
    deck = bundled()
    data = export(deck, "qti").data
    check_qti(deck, data)
    assert export(deck, "qti").data == data  # the same deck gives the same bytes


def test_qti_keeps_hostile_text(hostile: Deck) -> None:  # noqa: F811
    data = export(hostile, "qti").data
    check_qti(hostile, data)
    item = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(f"items/{identifier('nmda')}.xml"))
    assert HOSTILE_PROMPT.replace("\\\\", "\\") in "".join(item.find("q:itemBody", NS).itertext())
