"""Topic verdicts on paraphrases and traps beyond the packs' own examples."""
from helpers import lint, status


def test_topic_discussed_under_an_unrelated_heading_counts():
    report = lint("""
        ## Our accounts
        The Customer Service team answers questions and comments on weekdays between 08:00 and
        16:00, within four hours.
        """)
    assert status(report, "response") == "covered"
    verdict = next(t for t in report.topics if t.id == "response")
    assert verdict.line == 3 and verdict.section == "Our accounts"


def test_stray_keyword_is_not_a_topic():
    report = lint("""
        ## Personal accounts
        Incidents under investigation are never discussed on personal accounts.
        """)
    assert status(report, "crisis") == "missing"
    assert status(report, "boundaries") == "covered"


def test_training_courses_advertised_is_not_training():
    report = lint("Our training courses are advertised on Facebook every spring.\n")
    assert status(report, "training") == "missing"


def test_document_without_headings_uses_blocks():
    report = lint("""
        The communications team manages all official accounts.

        We post twice a week, and each post is approved by the communications manager.

        In an emergency the duty officer pauses scheduled posts at once.
        """)
    assert [status(report, t) for t in ("roles", "posting", "crisis")] == ["covered"] * 3
    assert status(report, "training") == "missing"


def test_signal_elsewhere_in_the_same_section_makes_topic_specific():
    report = lint("""
        ## Comments
        We read every comment.

        The web team replies within two working days.
        """)
    assert status(report, "response") == "covered"


def test_vague_finding_names_missing_signal_and_gives_example():
    report = lint("""
        ## Training
        Staff should receive appropriate training.
        """)
    finding = next(f for f in report.findings if f.rule == "training")
    assert finding.severity == "warning" and finding.line == 2
    assert "when or how often" in finding.message and "For example" in finding.message
    verdict = next(t for t in report.topics if t.id == "training")
    assert "when" in verdict.missing_signals


def test_missing_required_topic_is_an_error_at_line_one():
    report = lint("## Crisis\nThe crisis team leads all communication in an emergency.\n")
    finding = next(f for f in report.findings if f.rule == "roles")
    assert (finding.severity, finding.line, finding.column) == ("error", 1, 1)
    assert finding.section is None and finding.topic == "roles"


def test_recommended_topics_are_softer():
    report = lint("## Purpose\nSocial media matters.\n")
    purpose = next(f for f in report.findings if f.rule == "purpose")
    conduct = next(f for f in report.findings if f.rule == "conduct")
    assert purpose.severity == "info"  # vague recommended
    assert conduct.severity == "warning"  # missing recommended


def test_heading_only_topic_with_empty_body_is_vague_and_flagged_empty():
    report = lint("## Crisis\n\n## Training\nNew staff are trained by HR during onboarding.\n")
    assert status(report, "crisis") == "vague"
    assert status(report, "training") == "covered"
    assert any(f.rule == "empty-section" and f.line == 1 for f in report.findings)


def test_list_introduced_by_a_paragraph_belongs_to_its_topic():
    report = lint("""
        ## Guidelines
        When you post from a personal account about our work, keep in mind:

        - Say that the views are your own.
        - Never share confidential information.
        """)
    assert status(report, "boundaries") == "covered"


def test_every_topic_is_reported_in_pack_order():
    report = lint("Nothing here.\n")
    assert [t.id for t in report.topics] == [
        "roles", "response", "posting", "crisis", "training", "boundaries", "purpose", "conduct"]
    assert [t.required for t in report.topics] == [True] * 6 + [False] * 2


def test_a_school_policy_worded_unlike_the_packs_examples_is_covered():
    """Roles as a school names them (headteacher, deputy head), "twice a week", "every new
    teacher … during their induction week", "we delete comments that are offensive"."""
    from helpers import ROOT

    report = lint((ROOT / "tests" / "data" / "en-school-policy.md").read_text(encoding="utf-8"))
    assert report.language == "en"
    assert {t.id: t.status for t in report.topics} == {t.id: "covered" for t in report.topics}


def test_definitions_scope_and_the_policys_own_purpose_are_no_evidence():
    """A reviewer reads past "social media means …", "this policy applies to …" and "these
    guidelines set out …": mentions of comments or posts there address no topic."""
    text = ("# Policy\n\nSocial media means any website where people share posts, comments and messages. "
            "This policy applies to all staff who post or comment online. "
            "These guidelines set out how comments and messages are answered.\n")
    report = lint(text, language="en")
    assert status(report, "response") == "missing" and status(report, "posting") == "missing"


def test_employees_own_accounts_are_boundaries_not_the_organisations_answering():
    text = "# Policy\n\nOn your personal accounts, answer comments and messages from friends within a day.\n"
    report = lint(text, language="en")
    assert status(report, "response") == "missing"
    assert status(report, "boundaries") != "missing"


def test_a_hedge_in_the_sentence_voids_a_specific_detail():
    specific = lint("# Policy\n\n## Comments\n\nThe communications team answers comments within one working day.\n",
                    language="en")
    hedged = lint("# Policy\n\n## Comments\n\nThe communications team answers comments as needed.\n", language="en")
    assert status(specific, "response") == "covered"
    assert status(hedged, "response") == "vague"


def test_conduct_rules_are_duties_and_prohibitions_not_mentions():
    """Conduct stated as prohibitions or duties is conduct; a list of nouns is a mention."""
    rules = lint("# Staff guidance\n\nNever post photos of patients. Do not share personal information "
                 "about colleagues without their consent.\n", language="en")
    assert status(rules, "conduct") == "covered"
    mention = lint("# Staff guidance\n\n## Risks\n\nSocial media raises issues such as copyright and privacy.\n",
                   language="en")
    assert status(mention, "conduct") != "covered"


def test_list_items_take_the_duty_of_their_lead_in():
    text = ("# Guidance for carers\n\nCarers must not share:\n\n- photos of the children\n"
            "- personal information about the family\n")
    assert status(lint(text, language="en"), "conduct") == "covered"


def test_list_items_take_the_duty_of_a_heading_that_introduces_them():
    """A heading ending with a colon right above a list is the list's lead-in; one that does
    not end with a colon, or a paragraph between, is not."""
    def conduct(heading: str, between: str = "") -> str:
        text = (f"# Guidance for carers\n\n## {heading}\n\n{between}- photos of the children\n"
                "- personal information about the family\n")
        return status(lint(text, language="en"), "conduct")

    assert conduct("Carers must not share:") == "covered"
    assert conduct("Carers must not share") != "covered"
    assert conduct("Carers must not share:", "Some examples follow.\n\n") != "covered"


def test_a_prohibition_over_a_list_is_a_rule_for_personal_accounts():
    text = ("# Guidance\n\n## Volunteers must not:\n\n- share their own personal social networking sites with "
            "children at the club\n- accept children as friends on their personal accounts\n")
    report = lint(text, language="en")
    assert status(report, "boundaries") == "covered"
    verdict = next(t for t in report.topics if t.id == "boundaries")
    assert any(e.signal == "personal-prohibition" for e in verdict.evidence)


def test_a_vague_message_names_a_need_once():
    """Two signals with the same label (one rule said two ways) are one need in the message."""
    report = lint("# Guidance\n\n## Personal accounts\n\nUse good judgement on your personal accounts.\n",
                  language="en")
    message = next(f.message for f in report.findings if f.topic == "boundaries")
    assert message.count("a concrete rule for personal accounts") == 1


def test_norwegian_conduct_as_prohibitions():
    text = "# Retningslinjer\n\nAnsatte skal ikke bli venner med pasienter. Ikke publiser personopplysninger.\n"
    assert status(lint(text, language="nb"), "conduct") == "covered"


def test_actors_are_an_open_class_but_not_the_team_alone():
    """Who runs the accounts is found by the shape of the words: a qualified unit, a role, a
    capitalised unit name; "the team" or "our team" alone names nobody."""
    def roles(sentence: str) -> str:
        return status(lint(f"# Policy\n\n## Accounts\n\n{sentence}\n", language="en"), "roles")

    assert roles("The visitor services team manages our social media accounts.") == "covered"
    assert roles("The Outreach Desk manages our social media accounts.") == "covered"
    assert roles("Our webmaster manages our social media accounts.") == "covered"
    assert roles("The team manages our social media accounts.") == "vague"


def test_a_line_in_capitals_is_a_heading():
    text = ("OUR SOCIAL MEDIA\n\nWe inform residents about services.\n\nCRISIS AND EMERGENCIES\n\n"
            "Pause all scheduled posts; the duty officer leads.\n")
    report = lint(text, language="en")
    crisis = next(t for t in report.topics if t.id == "crisis")
    assert crisis.status == "covered" and crisis.section == "CRISIS AND EMERGENCIES"


def test_a_heading_over_the_policys_own_purpose_is_no_evidence():
    text = "# Social media policy\n\n## Purpose\n\nThe purpose of this policy is to set out rules for staff.\n"
    assert status(lint(text, language="en"), "purpose") == "missing"


def test_crisis_as_something_going_wrong_and_what_to_do():
    text = ("# Policy\n\nIf a post draws negative coverage, contact your line manager at once.\n"
            "During breaking news we pause all scheduled posts.\n")
    assert status(lint(text, language="en"), "crisis") == "covered"


def test_private_use_is_about_peoples_own_accounts():
    """Speaking for the organisation or keeping secrets on its official page is not the topic
    of work and private life; a rule for one's own accounts is."""
    official = lint("# Policy\n\n## Our page\n\nOnly the communications team speaks on behalf of the council "
                    "on its page, and confidentiality applies there.\n", language="en")
    assert status(official, "boundaries") == "missing"
    personal = lint("# Policy\n\n## Online\n\nOn your personal accounts, make clear that the views are your own.\n",
                    language="en")
    assert status(personal, "boundaries") == "covered"


def test_a_title_about_personal_use_sets_the_audience_of_the_whole_document():
    """Under "Guidelines for personal use of social media", answering comments is what staff
    do on their own accounts, not the organisation's answering; under another title it is."""
    body = "\n\n## Comments\n\nThe web team answers comments and messages politely and within a day.\n"
    assert status(lint("# Guidelines for personal use of social media" + body, language="en"), "response") == "missing"
    assert status(lint("# Social media at the library" + body, language="en"), "response") == "covered"


def test_who_runs_the_accounts_said_anywhere_in_a_sentence():
    """Someone named and what they do to the accounts, in any order: "run by the communications
    department", "the committee looks after them"."""
    for sentence in ("Our Facebook page is run by the communications department.",
                     "The committee looks after our Facebook and Instagram accounts."):
        assert status(lint(f"# Club\n\n{sentence}\n", language="en"), "roles") == "covered", sentence


def test_a_table_cell_is_read_with_its_header_cell():
    """A table is read as a reviewer reads it: "Responsible" above a column says what the names in
    that column do, and the whole table is one region, its header row included."""
    def roles(header: str) -> str:
        text = (f"# Social media at the library\n\nWe are on Facebook and Instagram.\n\n"
                f"| Platform | {header} |\n|---|---|\n| Facebook page | Marketing coordinator |\n"
                f"| Instagram | Youth services librarian |\n")
        return status(lint(text, language="en"), "roles")

    assert roles("Responsible") == "covered"
    assert roles("Started") == "missing"  # the same names under a header that says nothing


def test_a_header_cell_speaks_for_its_own_column_only():
    text = ("# Social media at the library\n\nWe are on Facebook and Instagram.\n\n"
            "| Responsible | Platform | Contact |\n|---|---|---|\n| Facebook page | Marketing coordinator | Front desk |\n")
    assert status(lint(text, language="en"), "roles") == "missing"


def test_table_rows_know_their_header_row():
    from policylint.document import parse

    doc = parse("| A | B |\n|---|---|\n| one | two |\n| three | four |\n\nText.\n\n| C |\n|---|\n| five |\n")
    rows = [b for b in doc.blocks if b.kind == "row"]
    assert [b.header for b in rows] == [None, 0, 0, None, 4]
    assert [rows[1].text[s:e] for s, e in rows[1].cells] == ["one", "two"]
    assert rows[1].cell_at(rows[1].cells[1][0]) == 1


def test_members_own_channels_and_privacy_settings_are_private_use():
    def boundaries(sentence: str) -> str:
        return status(lint(f"# Guidance for volunteers\n\n## Online\n\n{sentence}\n", language="en"), "boundaries")

    assert boundaries("Members who run unofficial channels must make clear that they are not official.") != "missing"
    assert boundaries("Set the privacy settings of your own accounts to friends only.") != "missing"
    assert boundaries("Members must make clear which events are open to the public.") == "missing"


def test_the_paragraph_after_the_topic_brings_its_details():
    """In a long section a topic's detail is read in the paragraph that follows it, not in
    one further away or before it."""
    filler = "\n\n".join(f"Our volunteers organise event number {n} in the hall." for n in range(14))

    def posting(before: str, after: str) -> str:
        text = (f"# Club handbook\n\n## Everything else\n\n{filler}\n\n{before}\n\n"
                f"We post news about our matches and events on our page.\n\n{after}\n\n{filler}\n")
        return status(lint(text, language="en"), "posting")

    assert posting("", "Every post is approved by the club secretary.") == "covered"
    assert posting("Every post is approved by the club secretary.", "") == "vague"
    assert posting("", "Lunch is served at noon.\n\nEvery post is approved by the club secretary.") == "vague"


def test_a_prohibition_is_no_purpose_but_what_an_account_is_for_is():
    def purpose(sentence: str, language: str = "en") -> str:
        return status(lint(f"# Social media\n\n## Use\n\n{sentence}\n", language=language), "purpose")

    assert purpose("Parents must not use social media to criticise the coaches.") == "missing"
    assert purpose("Ansatte skal ikke bruke sosiale medier til å kritisere kolleger.", "nb") == "missing"
    assert purpose("The library's social media is to provide information about events to residents.") == "covered"
    assert purpose("The school's accounts are to be used for informing parents about closures.") == "covered"


def test_a_field_names_who_holds_an_account():
    """A card or list that names a person in a field ("Owner: Doug") says who runs the account."""
    en = "# Our channels\n\n## Mastodon\n\n- **Owner**: Doug Evans\n- **Handle**: @example\n"
    nb = "# Kanalene våre\n\n## Facebook\n\n- **Ansvarlig**: Kari Nordmann\n- **Adresse**: facebook.com/eksempel\n"
    assert status(lint(en, language="en"), "roles") == "covered"
    assert status(lint(nb, language="nb"), "roles") == "covered"
    assert status(lint(en.replace("Owner", "Started"), language="en"), "roles") == "missing"


def test_house_rules_listed_under_a_reservation_are_conduct():
    text = ("# Community guidelines\n\n## Comments\n\nWe reserve the right to hide or delete comments "
            "containing any of the following:\n\n- spam or advertising\n- hate speech or harassment\n"
            "- personal information about others\n")
    assert status(lint(text, language="en"), "conduct") == "covered"


def test_what_a_word_of_the_policy_stands_for_is_a_definition():
    en = ("# Guidelines\n\n## Terms\n\nWhen we mention \u2018post\u2019 in these guidelines, we are referring to any "
          "content shared on a social platform.\n")
    nb = "# Retningslinjer\n\n## Ord\n\nNår vi skriver «innlegg» i retningslinjene, mener vi alt som publiseres.\n"
    assert status(lint(en, language="en"), "posting") == "missing"
    assert status(lint(nb, language="nb"), "posting") == "missing"


def test_private_time_however_it_is_put_is_private_life():
    en = "# Staff guidance\n\n## Online\n\nUse common sense in your digital activity both in and out of work.\n"
    nb = "# Retningslinjer\n\n## På nett\n\nBruk sunn fornuft på fritiden også, når du skriver om jobben.\n"
    assert status(lint(en, language="en"), "boundaries") != "missing"
    assert status(lint(nb, language="nb"), "boundaries") != "missing"


def test_communicating_through_an_emergency_is_the_crisis_topic():
    text = ("# Church communications\n\n## Our channels\n\nOur channels help us communicate accurate information "
            "about recovery actions in the event of a disaster.\n")
    assert status(lint(text, language="en"), "crisis") != "missing"
    calm = "# Church communications\n\n## Our channels\n\nWe communicate news about services every week.\n"
    assert status(lint(calm, language="en"), "crisis") == "missing"
