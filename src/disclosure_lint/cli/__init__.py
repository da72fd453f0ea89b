"""The click command line: check, parse, rules, explain, plugins, config, baseline, archive."""
