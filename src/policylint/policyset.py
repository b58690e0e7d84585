"""One policy in several files (a handbook's pages): topic coverage judged over the set.

Each file is linted on its own first; then, topic by topic, the set's verdict is the best one
any file reached (covered over vague over missing). A topic covered in one page is covered for
the whole set, so the other pages' "missing" and "vague" findings about it go; a topic missing
from every page is reported once, in the first page; a vague topic keeps its findings where the
vague text stands. Findings that are not about topic coverage (placeholders, hedge words, front
matter) stay with their page. Every file's report lists the set's verdicts; a verdict whose
evidence is in another page names that page in ``TopicVerdict.where``.
"""
from __future__ import annotations

from dataclasses import replace

from .report import FileReport, TopicVerdict

RANK = {"covered": 2, "vague": 1, "missing": 0}


def combine(reports: list[FileReport]) -> list[FileReport]:
    linted = [r for r in reports if not r.error and r.topics]
    if len(linted) < 2:
        return reports
    best: dict[str, tuple[TopicVerdict, FileReport]] = {}
    for report in linted:
        for verdict in report.topics:
            held = best.get(verdict.id)
            if held is None or RANK[verdict.status] > RANK[held[0].status]:
                best[verdict.id] = (verdict, report)
    first = linted[0]
    for report in linted:
        topics = []
        for verdict in report.topics:
            winner, owner = best[verdict.id]
            if owner is report or winner.status == "missing":
                topics.append(verdict if owner is report else replace(winner, where=None))
            else:
                topics.append(replace(winner, where=owner.path))
        report.topics = topics
        kept = []
        for finding in report.findings:
            topic = finding.topic  # set only on a topic rule's own missing/vague finding
            if topic in best:
                status = best[topic][0].status
                if status == "covered":
                    continue  # covered elsewhere in the set
                if status == "vague" and finding.whole_document:
                    continue  # present (vaguely) in another page: not missing
                if status == "missing" and report is not first:
                    continue  # said once, in the first page
            kept.append(finding)
        report.findings = kept
    return reports
