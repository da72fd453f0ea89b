"""The published JSON Schemas of every file disclosure-lint reads or writes."""
