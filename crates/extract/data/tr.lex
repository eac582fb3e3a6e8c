# Turkish words for newsdesk-extract (see src/lexicon.rs). Sections in [brackets];
# one entry a line; lines starting with # are comments.

[months]
# Month names: forms<TAB>number. The first form is the one dates are written
# with; then other cases, abbreviations, spelling variants.
ocak oca	1
şubat subat şub	2
mart mar	3
nisan nis	4
mayıs mayis may	5
haziran haz	6
temmuz tem	7
ağustos agustos ağu	8
eylül eylul eyl	9
ekim eki	10
kasım kasim kas	11
aralık aralik ara	12

[dateline_leads]
# How a byline or dateline line opens (lower case). `word` needs a space
# after it, `stem*` does not.
yayınlanma*
güncellenme*

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
