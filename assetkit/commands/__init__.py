"""Commands that are more than a build stage: inspect, doctor, fonts and watch (one module per
verb, named like the CLI command)."""
