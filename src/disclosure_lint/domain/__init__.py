"""Domain helpers: numbers and dates as written in prose, body types, prose of sections and
sums of cells named by selectors, as the content rules use them."""
