# Italian words for newsdesk-extract (see src/lexicon.rs). Sections in [brackets];
# one entry a line; lines starting with # are comments.

[months]
# Month names: forms<TAB>number. The first form is the one dates are written
# with; then other cases, abbreviations, spelling variants.
gennaio gen	1
febbraio feb	2
marzo mar	3
aprile apr	4
maggio mag	5
giugno giu	6
luglio lug	7
agosto ago	8
settembre set	9
ottobre ott	10
novembre nov	11
dicembre dic	12

[dateline_leads]
# How a byline or dateline line opens (lower case). `word` needs a space
# after it, `stem*` does not.
di
pubblicato*
aggiornato*

[credit_labels]
# Phrases that make a short dated line a credit wherever they stand (lower case).
pubblicato da
scritto da

[byline_leads]
# How a one-line byline opens, case as written.

[byline_labels]
# Labels alone before an author's name (lower case).

[explicit_leads]
# Openings of an explicit credit line, case as written.
Scritto da

[author_words]
# Word stems that speak of the author (lower case).
