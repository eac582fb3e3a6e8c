# Russian words for newsdesk-extract (see src/lexicon.rs). Sections in [brackets];
# one entry a line; lines starting with # are comments.

[months]
# Month names: forms<TAB>number. The first form is the one dates are written
# with; then other cases, abbreviations, spelling variants.
января январь янв	1
февраля февраль фев февр	2
марта март мар	3
апреля апрель апр	4
мая май	5
июня июнь июн	6
июля июль июл	7
августа август авг	8
сентября сентябрь сен сент	9
октября октябрь окт	10
ноября ноябрь ноя нояб	11
декабря декабрь дек	12

[dateline_leads]
# How a byline or dateline line opens (lower case). `word` needs a space
# after it, `stem*` does not.
автор*
обновлено*
опубликовано*

[credit_labels]
# Phrases that make a short dated line a credit wherever they stand (lower case).
автор:
автор материала

[byline_leads]
# How a one-line byline opens, case as written.
Автор:
Авторы:

[byline_labels]
# Labels alone before an author's name (lower case).
автор
авторы

[explicit_leads]
# Openings of an explicit credit line, case as written.

[author_words]
# Word stems that speak of the author (lower case).
автор
