# English words for newsdesk-extract (see src/lexicon.rs). Sections in [brackets];
# one entry a line; lines starting with # are comments.

[months]
# Month names: forms<TAB>number. The first form is the one dates are written
# with; then other cases, abbreviations, spelling variants.
january jan	1
february feb	2
march mar	3
april apr	4
may	5
june jun	6
july jul	7
august aug	8
september sep	9
october oct	10
november nov	11
december dec	12

[dateline_leads]
# How a byline or dateline line opens (lower case). `word` needs a space
# after it, `stem*` does not.
by
updated*
published*
posted*

[credit_labels]
# Phrases that make a short dated line a credit wherever they stand (lower case).
posted by
published by
written by

[byline_leads]
# How a one-line byline opens, case as written.
By
BY
by
By:
by:
Written by
Written By
written by
Authored by
Article by
Posted by
Words by
Author:
Authors:
Author(s):

[byline_labels]
# Labels alone before an author's name (lower case).
by
written by
posted by
author
authors
author(s)
words by
reporter
article by
story by
contributor
contributors

[explicit_leads]
# Openings of an explicit credit line, case as written.
Written by
Written By
Authored by
Article by

[author_words]
# Word stems that speak of the author (lower case).
author
written
