"""Shared helpers: load the YAML data, derive per-ward contexts."""
import copy, pathlib, re, yaml

HERE = pathlib.Path(__file__).resolve().parent
DATA = HERE / "data" / "report.yaml"
FONT_DIR = str(HERE.parent.parent / "fonts")  # the repository's Liberation Serif
# ward names: only names that occur in the seed article
WARDS = ["Kỳ Liên", "Kỳ Long", "Kỳ Phương", "Sông Trí", "Kỳ Thịnh",
         "Kỳ Nam", "Kỳ Hoa", "Kỳ Trinh", "Kỳ Hưng"]
FN_RE = re.compile(r"\[\^(\d+)\]")


def load_base():
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def ward_fields(i):
    """Per-document variable fields for document i (0-based)."""
    return {"ward": WARDS[i % len(WARDS)], "doc_no": f"{i + 1:04d}"}


def ward_context(base, i):
    ctx = copy.copy(base)
    ctx.update(ward_fields(i))
    return ctx


def segments(p):
    """'a[^1]b' -> {'a': 'a', 'fn': '1', 'b': 'b'} (at most one marker)."""
    parts = FN_RE.split(p)
    if len(parts) == 1:
        return {"a": p, "fn": None, "b": ""}
    assert len(parts) == 3, "docxtpl template supports one footnote per paragraph"
    return {"a": parts[0], "fn": parts[1], "b": parts[2]}
