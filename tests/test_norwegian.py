"""Norwegian policies: the Bokmål/Nynorsk pack, language detection, examples, starter policy."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from helpers import EXAMPLES, ROOT, lint, status

from policylint.cli import main
from policylint.document import parse
from policylint.engine import DEFAULT_STORE
from policylint.language import detect as detect_in


def detect(doc):
    return detect_in(doc, DEFAULT_STORE.languages())


def run(*args: str):
    return CliRunner().invoke(main, [*args, "--today", "2026-06-01"]) if args[0] != "init" \
        else CliRunner().invoke(main, list(args))


# --- topics, in both written forms -----------------------------------------------------------

TOPIC_CASES = [
    # (topic, text, expected) — Bokmål and Nynorsk, paraphrases and negatives.
    ("roles", "## Hvem gjør hva\nWebredaktøren administrerer Facebook-siden, og enhetslederen har ansvaret for innholdet.", "covered"),
    ("roles", "## Ansvar og drift\nEiningsleiar er ansvarleg for drifta av kontoen.", "covered"),
    ("roles", "## Ansvar\nKontoene skal driftes godt.", "vague"),
    ("roles", "## Publisering\nVi legger ut nyheter hver uke.", "missing"),
    ("response", "## Henvendelser\nKundeservice svarer på meldinger innen 24 timer på hverdager.", "covered"),
    ("response", "## Kommentarar\nInformasjonsavdelinga svarar på kommentarar innan to vyrkedagar.", "covered"),
    ("response", "## Kommentarer\nVi prøver å svare på kommentarer.", "vague"),
    ("response", "## Krise\nBeredskapsledelsen leder kommunikasjonen.", "missing"),
    ("posting", "## Innhold\nVi legger ut to innlegg i uka om nyheter fra skolen.", "covered"),
    ("posting", "## Kva vi publiserer\nVi publiserer nyheiter dagleg.", "covered"),
    ("posting", "## Innhald\nInnhaldet skal vere relevant.", "vague"),
    ("posting", "## Krise\nBeredskapsledelsen leder kommunikasjonen.", "missing"),
    ("crisis", "## Kriseberedskap\nVed uønskede hendelser koordineres all kommunikasjon av kriseledelsen.", "covered"),
    ("crisis", "## Krisekommunikasjon\nI ein krise skal kommunikasjonen føregå via beredskapsleiinga.", "covered"),
    ("crisis", "## Krise\nVi må være forberedt på kriser.", "vague"),
    ("crisis", "## Kommentarer\nVi svarer innen én virkedag.", "missing"),
    ("training", "## Kurs\nAlle nyansatte redaktører får et kurs ved ansettelse.", "covered"),
    ("training", "## Opplæring\nAlle tilsette som publiserer, får opplæring årleg.", "covered"),
    ("training", "## Opplæring\nVi vil gi opplæring.", "vague"),
    ("training", "## Krise\nBeredskapsledelsen leder kommunikasjonen.", "missing"),
    ("boundaries", "## Ansattes bruk av sosiale medier\nGjør det klart at du skriver som privatperson og ikke på vegne av arbeidsgiveren.", "covered"),
    ("boundaries", "## Privat bruk\nVer open om at du er tilsett når du skriv om jobben.", "covered"),
    ("boundaries", "## Privat bruk\nTenk deg om.", "vague"),
    ("boundaries", "## Kommentarfelt\nKommentarer som krenker privatlivets fred, slettes.", "missing"),
    ("purpose", "## Hvorfor vi er på Facebook\nVi bruker Facebook for å nå foreldre og elever med nyheter fra skolen.", "covered"),
    ("purpose", "## Føremål\nFøremålet med kontoane er å informere innbyggjarane.", "covered"),
    ("purpose", "## Formål\nVi skal være til stede.", "vague"),
    ("purpose", "## Krise\nBeredskapsledelsen leder kommunikasjonen.", "missing"),
    ("conduct", "## Debattregler\nVi sletter spam, reklame og personangrep.", "covered"),
    ("conduct", "## Husreglar\nVi tillèt ikkje sjikane, og truslar blir sletta.", "covered"),
    ("conduct", "## Nettvett\nVær hyggelig.", "vague"),
    ("conduct", "## Personvern\nVi følger personvernregelverket.", "missing"),
]


@pytest.mark.parametrize("topic, text, expected", TOPIC_CASES)
def test_norwegian_topics(topic, text, expected):
    report = lint("# Retningslinjer\n\n" + text + "\n", language="nb")
    assert status(report, topic) == expected


def test_findings_are_in_norwegian():
    report = lint("# Retningslinjer\n\n## Krise\nVi kommuniserer raskt.\n", language="nb")
    crisis = next(f for f in report.findings if f.rule == "crisis")
    assert crisis.message.startswith("«Krise og beredskap» er for vagt: skriv")
    missing = next(f for f in report.findings if f.rule == "roles")
    assert missing.message.startswith("Det påkrevde temaet «Roller og ansvar» mangler.")
    hedge = next(f for f in report.findings if f.rule == "vague-terms")
    assert hedge.message == "«raskt» er vagt (tid): si hvem som gjør hva, og når eller hvor ofte."


def test_explain_in_norwegian():
    result = CliRunner().invoke(main, ["explain", "crisis", "--language", "nb"])
    assert result.exit_code == 0
    for piece in ("Krise og beredskap", "Hva regelen ser etter", "Hvorfor det er viktig",
                  "Hva som gjør teksten konkret", "Et godt eksempel", "Et dårlig eksempel"):
        assert piece in result.stdout


# --- detection -------------------------------------------------------------------------------

ENGLISH = """# Social media policy

The communications team runs our accounts and answers questions within one working day. We post
three times a week about our services and events. In a crisis the head of communications leads,
and all scheduled posts are paused. New staff are trained when they join, and everyone should say
that their views are their own when they post about work on a personal account.
"""
BOKMAL = """# Retningslinjer for sosiale medier

Kommunikasjonsavdelingen driver kontoene og svarer på spørsmål innen én virkedag. Vi publiserer
tre innlegg i uka om tjenester og arrangementer. I en krise leder beredskapsledelsen, og alle
planlagte innlegg stoppes. Nyansatte får opplæring ved ansettelse, og alle ansatte må være åpne
om at de er ansatt hos oss når de skriver om jobben på egne kontoer. Vi vil ikke ha personangrep.
"""
NYNORSK = """# Retningsliner for sosiale medium

Kommunikasjonseininga driv kontoane og svarar på spørsmål innan éin vyrkedag. Vi publiserer tre
innlegg i veka om tenester og arrangement. I ein krise leier beredskapsleiinga, og alle planlagde
innlegg blir stoppa. Nytilsette får opplæring når dei byrjar, og alle tilsette må vere opne om at
dei er tilsette hos oss når dei skriv om jobben på eigne kontoar. Vi vil ikkje ha personangrep.
"""


@pytest.mark.parametrize("text, language", [(ENGLISH, "en"), (BOKMAL, "nb"), (NYNORSK, "nn")])
def test_detects_english_bokmal_and_nynorsk_on_short_texts(text, language):
    assert len(text.split()) >= 50
    found = detect(parse(text))
    assert (found.language, found.sure) == (language, True)
    assert lint(text).language == language


def test_quoting_the_other_language_does_not_fool_it():
    english = ENGLISH + "\nIn Norwegian the policy is called «retningslinjer for sosiale medier», and «taushetsplikt» is the duty of confidentiality.\n"
    assert detect(parse(english)).language == "en"
    norwegian = BOKMAL + "\nVi bruker ordet «social media manager» om rollen, og «community management» om modereringen.\n"
    assert detect(parse(norwegian)).language == "nb"


def test_only_the_policys_prose_is_read():
    hidden = ENGLISH + "\n<!-- " + NYNORSK.replace("#", "") + " -->\n\n```\n" + BOKMAL + "\n```\n"
    assert detect(parse(hidden)).language == "en"
    fm = "---\nnote: " + json.dumps(BOKMAL) + "\n---\n" + ENGLISH
    assert detect(parse(fm)).language == "en"


@pytest.mark.parametrize("declared, expected", [("nb", "nb"), ("nynorsk", "nn"), ("en", "en"), ("no", "nb")])
def test_front_matter_language_wins(declared, expected):
    assert lint(f"---\nlanguage: {declared}\n---\n{ENGLISH}").language == expected


def test_unsure_detection_says_so_on_stderr_and_lints_as_english(tmp_path):
    policy = tmp_path / "p.md"
    policy.write_text("# Policy\n\nSosiale medier: social media.\n", encoding="utf-8")
    report = lint(policy.read_text(encoding="utf-8"))
    assert report.language == "en" and report.notices
    result = run(str(policy))
    lines = [line for line in result.stderr.splitlines() if line]
    assert len(lines) == 1 and lines[0].startswith(f"policylint: {policy}: cannot tell the language")
    assert "--language" in lines[0]


def test_explicit_language_option_skips_detection():
    assert lint(ENGLISH, language="nb").language == "nb"
    assert lint(NYNORSK, language="en").language == "en"


def test_json_reports_nn_for_nynorsk_and_nb_pack_topics(tmp_path):
    policy = tmp_path / "nn.md"
    policy.write_text(NYNORSK, encoding="utf-8")
    data = json.loads(run("--format", "json", str(policy)).stdout)
    assert data["files"][0]["language"] == "nn"
    assert [t["id"] for t in data["files"][0]["topics"]] == \
        ["roles", "response", "posting", "crisis", "training", "boundaries", "purpose", "conduct"]


def test_mixed_language_document_is_linted_by_its_main_language():
    mixed = BOKMAL + "\n## Summary in English\n\nThe communications team answers questions.\n"
    report = lint(mixed)
    assert report.language == "nb"
    assert status(report, "response") != "missing"


# --- examples and the starter policy --------------------------------------------------------

@pytest.mark.parametrize("name, code, language", [
    ("nb/complete.md", 0, "nb"), ("nb/vague.md", 1, "nb"), ("nb/incomplete.md", 1, "nb"), ("nn/complete.md", 0, "nn"),
])
def test_norwegian_examples(name, code, language):
    result = run("--format", "json", str(EXAMPLES / name))
    assert result.exit_code == code
    assert json.loads(result.stdout)["files"][0]["language"] == language


def test_norwegian_vague_example_is_all_vague():
    report = lint((EXAMPLES / "nb" / "vague.md").read_text(encoding="utf-8"))
    assert {t.status for t in report.topics} == {"vague"}


def test_starter_policy_in_norwegian(tmp_path):
    target = tmp_path / "retningslinjer.md"
    assert run("init", "--language", "nb", "-o", str(target)).exit_code == 0
    skeleton = target.read_text(encoding="utf-8")
    assert "## Svar på kommentarer og henvendelser" in skeleton and skeleton.count("\n## ") == 8
    assert run(str(target)).exit_code == 1
    out, example = [], None
    for line in skeleton.splitlines():
        found = re.search(r'Eksempel: "(.+?)"', line)
        if found:
            example = found.group(1)
        out.append(example if line.strip() == "TODO" else line)
    filled = "\n".join(out) + "\n"
    filled = re.sub(r"owner: TODO.*", "owner: Kommunikasjonsavdelingen", filled)
    filled = re.sub(r"last_reviewed: TODO.*", "last_reviewed: 2026-05-01", filled)
    target.write_text(filled.replace("TODO virksomhetens navn", "Fjordvik kommune"), encoding="utf-8")
    result = run(str(target))
    assert result.exit_code == 0, result.stdout
    assert "8 of 8 topics covered" in result.stdout and "(language: nb)" in result.stdout


@pytest.mark.parametrize("name, language", [("nb-school-policy.md", "nb"), ("nn-hospital-policy.md", "nn")])
def test_policies_in_other_sectors_wording_are_covered(name, language):
    """A school's (Bokmål) and a hospital trust's (Nynorsk) policy, worded unlike the pack's own
    examples: rektor and inspektør as owners, «to ganger i uka», «innan ... kvardagar», compound
    role names (kommunikasjonsstaben), «fjernar kommentarar med sjikane»."""
    from helpers import ROOT

    report = lint((ROOT / "tests" / "data" / name).read_text(encoding="utf-8"))
    assert report.language == language
    assert {t.id: t.status for t in report.topics} == {t.id: "covered" for t in report.topics}


# --- a language is data ------------------------------------------------------------------------

PSEUDO = ROOT / "tests" / "data" / "pseudo-language"
PSEUDO_POLICY = ("# Olicypay\n\nEway ostpay otay ouyay ofway ethay eekway andway eway areway inway ethay orldway. "
                 "Inway away isiscray ethay ommscay eamtay eadslay ithway ourway artnerspay.\n")


def test_a_new_language_is_a_pack_folder_with_no_code_change(tmp_path):
    """tests/data/pseudo-language brings a made-up language: detection, --language, its front
    matter names, its messages and its report words all come from its files."""
    policy = tmp_path / "p.md"
    policy.write_text(PSEUDO_POLICY, encoding="utf-8")
    result = CliRunner().invoke(main, ["--isolated", "--rules", str(PSEUDO), "--format", "json", str(policy)])
    report = json.loads(result.stdout)["files"][0]
    assert report["language"] == "xx" and report["error"] is None
    assert [(t["id"], t["status"]) for t in report["topics"]] == [("crisis", "covered")]
    vague = tmp_path / "v.md"
    vague.write_text("---\nlanguage: Pig-Latin\n---\n# Olicypay\n\n## Isiscray\n\nEway ysay omethingsay.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--isolated", "--rules", str(PSEUDO), "--format", "json", str(vague)])
    report = json.loads(result.stdout)["files"][0]
    assert report["language"] == "xx"
    assert report["findings"][0]["message"].startswith("'Isiscray' isway aguevay")
    html = CliRunner().invoke(main, ["--isolated", "--rules", str(PSEUDO), "--format", "html", str(policy)]).stdout
    assert 'lang="xx"' in html and "Overedcay" in html
    explicit = CliRunner().invoke(main, ["--isolated", "--rules", str(PSEUDO), "--language", "xx", str(policy)])
    assert explicit.exit_code == 0, explicit.output
    # Without the folder the language is unknown: a clear error, exit 2.
    unknown = CliRunner().invoke(main, ["--isolated", "--language", "xx", str(policy)])
    assert unknown.exit_code == 2 and "no rule pack for language 'xx'" in unknown.stderr


def test_word_forms_and_compounds_in_norwegian_signals():
    """A named owner in any form: 'administratorene', and as part of a compound:
    'kulturavdelingen' (avdeling)."""
    for sentence in ("Administratorene har ansvar for kommunens kontoer.",
                     "Kulturavdelingen har ansvar for kommunens kontoer."):
        report = lint(f"# Retningslinjer\n\n## Kontoer\n\n{sentence}\n", language="nb")
        assert status(report, "roles") == "covered", sentence


def test_a_duty_about_ones_own_profile_is_private_use():
    """A rule in a sentence about people's own accounts is the work/private-life topic, in
    either written form; the same duty about nothing personal is not."""
    def boundaries(sentence: str, language: str) -> str:
        return status(lint(f"# Retningslinjer\n\n## Kontakt\n\n{sentence}\n", language=language), "boundaries")

    assert boundaries("Vær varsom med å legge til pasienter som venner fra din personlige profil.", "nb") != "missing"
    assert boundaries("Ver varsam med å leggje til pasientar som vener frå den private profilen din.", "nn") != "missing"
    assert boundaries("Vær varsom med å legge til nye samarbeidspartnere i kalenderen.", "nb") == "missing"


def test_nynorsk_posting_in_its_own_forms():
    """A monthly content plan and a step taken before posts go out, said in Nynorsk."""
    plan = "# Retningsliner\n\n## Publisering\n\nKontoen vert oppdatert etter ein månadleg innhaldsplan.\n"
    consent = ("# Retningsliner\n\n## Bilete\n\nVi legg ut bilete frå kampane. Det skal alltid innhentast "
               "samtykke frå dei som er med på bileta før dei publiserast.\n")
    assert status(lint(plan, language="nn"), "posting") == "covered"
    assert status(lint(consent, language="nn"), "posting") == "covered"


def test_permission_to_publish_is_a_procedure_and_self_study_is_training():
    posting = ("# Bilder\n\n## Publisering\n\nVi legger ut bilder fra turene våre. Barnehagen innhenter "
               "tillatelse til publisering fra foreldrene hver høst.\n")
    training = "# Retningslinjer\n\n## Før du starter\n\nGjør deg kjent med hvordan vi bruker kanalene våre.\n"
    assert status(lint(posting, language="nb"), "posting") == "covered"
    assert status(lint(training, language="nb"), "training") != "missing"
