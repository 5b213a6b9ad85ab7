"""KPIs of the balanced scorecard: the catalogue (definitions.py), the daily formulas (formulas.py), the fact
rebuild (facts.py) and the scorecard reads (scorecard.py). Formulas are documented in docs/kpis.md."""
