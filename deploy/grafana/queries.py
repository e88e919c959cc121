#!/usr/bin/env python3
"""Print every panel query of the dtr dashboards with the variables filled in.

One line per query: dashboard uid, panel title and the PromQL expression,
separated by tabs. The expressions are what Grafana would send to Prometheus,
so a test can run each of them against a Prometheus holding the sample data
and check that it parses and returns series.

Usage:
  queries.py [--set NAME=VALUE ...] [DASHBOARD.json ...]

Without files, reads every *.json in the dashboards directory next to this
script, in name order. Panels are printed in the order of the file, queries
in the order of their panel, so the output is the same from run to run.

Default values (each can be replaced with --set):
  job    dtr-stats|dtr-security|dtr-workforce|dtr-report
         (the dashboards match it with =~, so a regex of every service
         stands for "All")
  method .*
  unit   HT
  level  all
  indicator     on_time
  ranked_level  district
  __rate_interval, __interval, __range  1m

Exits with status 1 when a query uses a variable with no value, so a new
variable cannot slip into the dashboards unnoticed.
"""

import argparse
import json
import pathlib
import re
import sys

DEFAULTS = {
    "job": "dtr-stats|dtr-security|dtr-workforce|dtr-report",
    "method": ".*",
    "unit": "HT",
    "level": "all",
    "indicator": "on_time",
    "ranked_level": "district",
    "__rate_interval": "1m",
    "__interval": "1m",
    "__range": "1m",
}

# $name, ${name}, ${name:format} and [[name]]: the forms Grafana expands.
VARIABLE = re.compile(
    r"\$\{(?P<braced>\w+)(?::\w+)?\}|\[\[(?P<old>\w+)\]\]|\$(?P<plain>\w+)")


def panels(items):
    """Panels in file order, including those inside collapsed rows."""
    for panel in items:
        yield panel
        yield from panels(panel.get("panels", []))


def substitute(expr, values, missing):
    def replace(match):
        name = match.group("braced") or match.group("old") or match.group("plain")
        if name not in values:
            missing.add(name)
            return match.group(0)
        return values[name]

    # One query per output line: Grafana accepts multi-line expressions,
    # PromQL treats the line breaks as spaces.
    return " ".join(VARIABLE.sub(replace, expr).split("\n")).strip()


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", action="append", default=[],
                        metavar="NAME=VALUE",
                        help="value of a dashboard variable (repeatable)")
    parser.add_argument("files", nargs="*", type=pathlib.Path,
                        help="dashboard JSON files (default: all of them)")
    args = parser.parse_args()

    values = dict(DEFAULTS)
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep or not name:
            parser.error(f"--set expects NAME=VALUE, got {item!r}")
        values[name.lstrip("$")] = value

    files = args.files or sorted(
        (pathlib.Path(__file__).resolve().parent / "dashboards").glob("*.json"))
    missing = set()
    for path in files:
        board = json.loads(path.read_text(encoding="utf-8"))
        name = board.get("uid") or path.stem
        for panel in panels(board.get("panels", [])):
            for target in panel.get("targets", []):
                expr = target.get("expr")
                if not expr:
                    continue
                print(f"{name}\t{panel.get('title', '')}\t"
                      f"{substitute(expr, values, missing)}")
    if missing:
        print("no value for variable(s): " + ", ".join(sorted(missing)),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
