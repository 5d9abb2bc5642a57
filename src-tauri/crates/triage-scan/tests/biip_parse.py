"""Reads GS1 element strings (one JSON string per line) and answers, per line,
what biip makes of them: {"valid": bool, "elements": [[ai, value, decimal]], "error": str}.
Used by biip.rs, the differential test of triage-scan's GS1 parser."""

import json
import sys

from biip import ParseError
from biip.gs1_messages import GS1Message


def answer(data: str) -> dict:
    try:
        message = GS1Message.parse(data)
    except ParseError as e:
        return {"valid": False, "elements": [], "error": str(e)}
    elements = []
    errors = []
    for e in message.element_strings:
        decimal = None if e.decimal is None else str(e.decimal)
        elements.append([e.ai.ai, e.value, decimal])
        for what in ("gtin_error", "sscc_error", "gln_error"):
            if getattr(e, what, None):
                errors.append(str(getattr(e, what)))
    return {"valid": not errors, "elements": elements, "error": "; ".join(errors)}


for line in sys.stdin:
    print(json.dumps(answer(json.loads(line))), flush=False)
