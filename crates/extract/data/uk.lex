# Ukrainian words for newsdesk-extract (see src/lexicon.rs). Sections in [brackets];
# one entry a line; lines starting with # are comments.

[months]
# Month names: forms<TAB>number. The first form is the one dates are written
# with; then other cases, abbreviations, spelling variants.
січня січень січ	1
лютого лютий лют	2
березня березень бер	3
квітня квітень кві	4
травня травень тра	5
червня червень чер	6
липня липень лип	7
серпня серпень сер	8
вересня вересень вер	9
жовтня жовтень жов	10
листопада листопад лис	11
грудня грудень гру	12

[dateline_leads]
# How a byline or dateline line opens (lower case). `word` needs a space
# after it, `stem*` does not.
оновлено*
опубліковано*

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
