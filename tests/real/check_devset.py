"""Validate tests/real/pages.csv against tests/real/pages/ and print counts.

Run with any Python 3 (no third-party packages):
    python3 tests/real/check_devset.py
"""
import csv
import datetime
import pathlib
import sys
from collections import Counter

HERE = pathlib.Path(__file__).resolve().parent
LEVELS = {"district", "county", "county_city", "new_area", "dev_zone", "subdistrict",
          "township", "city", "province", "national"}
COLUMNS = ("file,url,is_report,district,city,province,level,year,publish_date,"
           "doc_number,index_number,publisher,title,headings,notes").split(",")

with open(HERE / "pages.csv", encoding="utf-8", newline="") as fh:
    reader = csv.DictReader(fh)
    assert reader.fieldnames == COLUMNS, f"columns are {reader.fieldnames}, expected {COLUMNS}"
    rows = list(reader)

problems = []
urls = Counter(r["url"] for r in rows)
problems += [f"duplicate url {u}" for u, n in urls.items() if n > 1]
files = {r["file"] for r in rows}
on_disk = {f"pages/{p.name}" for p in (HERE / "pages").glob("*.txt")}
problems += [f"{f}: listed but missing" for f in sorted(files - on_disk)]
problems += [f"{f}: on disk but not listed" for f in sorted(on_disk - files)]
for r in rows:
    f = r["file"]
    text = (HERE / f).read_text(encoding="utf-8") if f in on_disk else ""
    if not text.strip():
        problems.append(f"{f}: empty page")
    if r["is_report"] not in {"0", "1"}:
        problems.append(f"{f}: is_report {r['is_report']!r}")
    if r["is_report"] == "0":
        filled = [c for c in COLUMNS[3:12] if r[c]]
        if filled:
            problems.append(f"{f}: not a report but fills {filled}")
        continue
    if r["level"] not in LEVELS:
        problems.append(f"{f}: level {r['level']!r}")
    if r["year"] and not (r["year"].isdigit() and 1990 <= int(r["year"]) <= 2026):
        problems.append(f"{f}: year {r['year']!r}")
    if r["publish_date"]:
        try:
            datetime.date.fromisoformat(r["publish_date"])
        except ValueError:
            problems.append(f"{f}: publish_date {r['publish_date']!r}")
    if r["level"] in {"city", "province", "national"} and r["district"]:
        problems.append(f"{f}: district filled for level {r['level']}")
    if r["level"] == "province" and r["city"]:
        problems.append(f"{f}: city filled for a province-level report")

reports = [r for r in rows if r["is_report"] == "1"]
print(f"items {len(rows)}, reports {len(reports)}, not reports {len(rows) - len(reports)}")
provinces = Counter(r["province"] or "(unknown)" for r in reports)
print(f"provinces/provincial-level cities among reports: {len([p for p in provinces if p != '(unknown)'])}")
for p, n in sorted(provinces.items(), key=lambda kv: (-kv[1], kv[0])):
    print(f"  {p}: {n}")
print("levels among reports:")
for lv, n in sorted(Counter(r["level"] for r in reports).items(), key=lambda kv: (-kv[1], kv[0])):
    print(f"  {lv}: {n}")
print("years among reports:", dict(sorted(Counter(r["year"] or "(empty)" for r in reports).items())))
print("reports with publish_date:", sum(1 for r in reports if r["publish_date"]),
      "| index_number:", sum(1 for r in reports if r["index_number"]),
      "| doc_number:", sum(1 for r in reports if r["doc_number"]),
      "| publisher:", sum(1 for r in reports if r["publisher"]),
      "| title:", sum(1 for r in reports if r["title"]),
      "| headings:", sum(1 for r in reports if r["headings"]),
      "| empty district below city level:",
      sum(1 for r in reports if not r["district"] and r["level"] not in {"city", "province", "national"}))
if problems:
    print("PROBLEMS:", *problems, sep="\n  ")
    sys.exit(1)
print("OK")
