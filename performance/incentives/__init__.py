"""The incentive engine (docs/incentives.md): pure arithmetic, the scheme in force, the month's inputs in a
fixed number of queries, one hall's computation, the run services and the reads behind the pages."""
