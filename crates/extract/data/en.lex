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

[promo_openings]
# How promo lines open ("Subscribe to our channel"): regular-expression
# alternatives, case-insensitive, matched at the start of a short line.
subscribe
follow\s+(?:us|@)
join\s+(?:us|our)
like\s+us
share\s+(?:this|on|via|the\s+(?:article|story|news))
watch\s+(?:the\s+|our\s+)?(?:full\s+)?video
watch\s+(?:it\s+)?on\s+youtube
sign\s+up\s+(?:for|to)
get\s+(?:our|the)\s+(?:newsletter|app)
download\s+(?:our|the)\s+app
support\s+(?:us|our\s+journalism)
click\s+here
sponsored\s+content
we\s+are\s+(?:on|in)\s+(?:telegram|facebook|twitter|youtube|instagram|vk)
we\s+use\s+cookies
this\s+(?:site|website)\s+uses\s+cookies
(?:turn\s+on|enable)\s+notifications
listen\s+to\s+(?:this|the)\s+(?:article|story)
email\s+[\p{L}.\s]+\s+at\s+\S+@
reach\s+the\s+(?:reporters?|writers?|author)\s+(?:on|at)
follow\s+(?:him|her|them)\s+on
follow\s+[\p{L}.'’\s]+\s+on\s+(?:twitter|facebook|instagram|x|telegram|youtube|linkedin|tiktok|threads|bluesky)
[\p{L}.\s]*\bmay\s+(?:earn|receive|get)\s+an?\s+(?:small\s+)?(?:affiliate\s+)?(?:commission|share\s+of\s+(?:the\s+)?sales?)
if\s+you\s+(?:buy|purchase)\s+(?:something|a\s+product)\s+through
join\s+our\s+[\p{L}\s]+(?:forums?|community|newsletter|channel)
(?:have|got)\s+a\s+(?:news\s+)?tip

[promo_whole]
# Promo labels that are the whole line ("Advertisement"): regular-expression
# alternatives, case-insensitive.
advertisement
advert
ad
ads
sponsored
share
share\s+this(?:\s+article|\s+story)?
print
comments
watch\s+video
sharing\s+is\s+caring
like\s+this
(?:like\s+)?loading(?:\.\.\.|…)?
you\s+(?:may|might)\s+also\s+like(?:\.\.\.|…)?
trending(?:\s+(?:now|news|stories))?
more\s+(?:great\s+)?[\w’']+(?:\s+[\w’']+)?\s+stories
continue\s+reading(?:\s+below)?
story\s+continues\s+below(?:\s+advertisement)?
advertisement\s*-\s*continue\s+reading\s+below
ad\s+feedback
caption
close
expand
enlarge
image\s+\d*\s*of\s*/?\s*\d*
photo\s+\d+\s+of\s+\d+
this\s+slideshow\s+requires\s+javascript\.?
related(?:\s+(?:posts?|articles?|stories|news|content|coverage))?
recommended(?:\s+for\s+you)?
most\s+(?:read|popular|viewed)
read\s+more
show\s+more
load\s+more
view\s+comments
leave\s+a\s+(?:comment|reply)
\d+\s+comments?
\d+\s+of\s+\d+
tags
more

[tag_labels]
# Words that open a tag line ("Tags:"): regular-expression alternatives.
tags?
tagged(?:\s+with)?
keywords
topics

[typo_questions]
# "Found a typo?": openings of a question asking readers to report errors
# (regular-expression alternatives).
(?:have\s+you\s+)?(?:found|noticed|spotted|seen|see)\s+(?:a|an)\s+(?:typo|mistake|error|misprint)

[typo_conditionals]
# "If you find a mistake": openings that count only with a typo request.
if\s+you\s+(?:find|found|notice|spot|see)\s+(?:a|an)\s+(?:typo|mistake|error|misprint)

[typo_requests]
# Requests to report a typo ("let us know", "press"), anywhere in the line.
let\s+us\s+know
tell\s+us
report\s+it
select\s+it
highlight
press\b

[related_strong]
# Labels that open a related link even without a separator ("Read also Headline"):
# regular-expression alternatives.
read\s+also
also\s+read

[related_weak]
# Labels that open a related link only with a separator, or as the whole line
# ("Related:", "You may also like"): regular-expression alternatives.
related
related\s+(?:articles?|stories|news|content|posts|coverage)
see\s+also
read\s+more
see\s+more
don'?t\s+miss
more\s+on\s+(?:this|the)\s+(?:topic|subject|story)
more\s+stories
recommended
you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy)
more\s+(?:news|articles|posts)
popular\s+(?:news|stories|articles|posts)
more\s+from\s+(?:the\s+)?\S+(?:\s+\S+){0,2}

[next_phrases]
# "Next article" labels: regular-expression alternatives.
next\s+(?:article|story|news|post|item|material|read)
up\s+next
read\s+next

[previous_phrases]
# "Previous article" labels: regular-expression alternatives.
previous\s+(?:article|story|news|post|item|material)

[translation_notes]
# "The article is in Russian", "Translated from German": whole-line regular
# expressions, tried in file order, each with a `lang` group naming the language.
(?i)^(?:this\s+|the\s+)?(?:original\s+)?(?:article|text|story|news|material|original|report|post|publication|interview)(?:\s+(?:is|was|has\s+been))?(?:\s+(?:originally\s+)?(?:written|published|available|posted))?\s+in\s+(?P<lang>\p{L}+)(?:\s+language)?\s*[.!]?$
(?i)^(?:this\s+(?:article|text|story)\s+(?:was|has\s+been|is)\s+)?(?:(?:machine[-\s])?translated|translation)\s+from\s+(?:the\s+)?(?P<lang>\p{L}+)\b.*$
(?i)^(?:read|view)\s+(?:(?:this|the)\s+)?(?:article\s+|story\s+|original\s+)?in\s+(?P<lang>\p{L}+)\s*[.!]?$
(?i)^(?:original|source)\s+language\s*:\s*(?P<lang>\p{L}+)\.?$

[date_labels]
# Labels before the date on a scraped text's date line ("Published:"): regular-
# expression alternatives.
published
posted
updated
last\s+updated
date

[home_words]
# The first step of a breadcrumb ("Home > News"), lower case.
home
main
home page

[rights_reserved]
# "All rights reserved", anywhere in a short line: regular-expression alternatives.
all\s+rights\s+reserved

[photo_credits]
# What opens a photo credit ("Photo:", «Фото:»): regular-expression alternatives.
(?:cover\s+|main\s+|lead\s+|top\s+)?(?:photo|photos|photograph|image|picture|pictures|illustration)(?:\s+credits?)?
credits?

[credit_joins]
# The word joining a photo credit's label to its source ("Photo by"): regular-
# expression alternatives.
by
courtesy

[comment_words]
# Words for reader comments, in a comment section's house rules: regular-
# expression alternatives.
comments?

[moderation_words]
# Words of moderation or approval that make such a line house rules.
moderated
moderation
moderators?
approved
approval

[comment_stems]
# Literal stems one of which a house-rules line must contain (a fast pre-check).
comment

[cookie_subjects]
# Who uses cookies in a cookie banner ("we", "this site"): regular-expression alternatives.
we
this\s+(?:web)?site
our\s+(?:web)?site

[cookie_verbs]
# The banner's verb ("use"): regular-expression alternatives.
use
uses
using

[cookie_words]
# The word for cookies, with its boundaries: regular-expression alternatives.
\bcookies?\b

[cookie_stems]
# Literal stems one of which a cookie banner must contain (a fast pre-check).
cookie

[language_names]
# Prefixes of language names written in this language ("russ" for Russian,
# "англ" for English), lower case: prefix<TAB>ISO 639-1 code. The longest match wins.
belarus	be
belorus	be
engl	en
russ	ru
ukrain	uk
german	de
french	fr
spanish	es
ital	it
portug	pt
polish	pl
turkmen	tk
turk	tr
chin	zh
japan	ja
arab	ar
kazakh	kk
hebrew	he
dutch	nl
czech	cs
georgian	ka
armenian	hy
azerbaijan	az
romanian	ro
hungarian	hu
greek	el
korean	ko
uzbek	uz
