# Portuguese words for newsdesk-extract (see src/lexicon.rs). Sections in [brackets];
# one entry a line; lines starting with # are comments.

[months]
# Month names: forms<TAB>number. The first form is the one dates are written
# with; then other cases, abbreviations, spelling variants.
janeiro jan	1
fevereiro fev	2
março mar marco	3
abril abr	4
maio mai	5
junho jun	6
julho jul	7
agosto ago	8
setembro set	9
outubro out	10
novembro nov	11
dezembro dez	12

[dateline_leads]
# How a byline or dateline line opens (lower case). `word` needs a space
# after it, `stem*` does not.
atualizado*

[credit_labels]
# Phrases that make a short dated line a credit wherever they stand (lower case).

[byline_leads]
# How a one-line byline opens, case as written.

[byline_labels]
# Labels alone before an author's name (lower case).

[explicit_leads]
# Openings of an explicit credit line, case as written.

[author_words]
# Word stems that speak of the author (lower case).
