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

[ctrl_keys]
# The keyboard's Control key as printed in this language ("Ctrl", "Strg"), before
# "Enter" in typo notices: regular-expression alternatives.
ctrl

[next_words]
# A lone word for "next" before a teaser's headline ("Next: Headline", in capitals
# "NEXT Headline"), lower case; longer forms first.
next

[previous_words]
# A lone word for "previous" before a teaser's headline, lower case; longer forms first.
previous
prev

[copyright_words]
# The word that opens a copyright line with a year, © or a colon ("Copyright 2024"):
# regular-expression alternatives.
copyright

[reprint_notices]
# "Reproduction without permission is prohibited", "a link is required when reprinting":
# whole-notice regular-expression alternatives, matched at the start of a short line.
(?:full\s+or\s+partial\s+)?(?:reproduction|reprinting|republication|copying|use)\s+of\s+(?:the\s+|this\s+|our\s+|any\s+)?(?:materials?|content|articles?)\b.{0,200}(?:prohibited|permission|hyperlink|link\s+to|consent)

[photo_agencies]
# Agencies and photo banks whose name alone is an image credit ("Reuters",
# "Getty Images"), as this language writes them: regular-expression alternatives.
getty\s+images
ap\s+photo
associated\s+press
reuters
afp
epa(?:-efe)?
shutterstock
istock(?:photo)?
bloomberg
alamy
tass
ria\s+novosti
sputnik
xinhua
anadolu
dpa
picture\s+alliance
unsplash
pexels
wikimedia\s+commons

[agency_joins]
# Words joining a photographer to an agency ("Jane Roe via Reuters"): regular-expression
# alternatives.
via

[archive_credits]
# Image credits that are no agency ("personal archive", "screenshot"), followed by at
# most four words: regular-expression alternatives.

[wire_credits]
# One staff credit of wire copy ("Reporting by", "Additional reporting by"), before the
# names: regular-expression alternatives.
(?:additional\s+)?(?:reporting|writing|editing|compiled|produced|translated|research)\s+by

[promo_courtesies]
# A courtesy that may come before a promo opening ("Please subscribe"): regular-
# expression alternatives.
please

[social_networks]
# Names of social networks and share buttons, lower case: a line made only of two or more
# of them is a share bar.
facebook
twitter
x
telegram
vk
vkontakte
youtube
instagram
whatsapp
viber
ok
tiktok
linkedin
email
e-mail
reddit
pinterest
rss
threads
mastodon
bluesky
max

[contact_notices]
# Newsletter and contact lines ("Get the latest news in your inbox", "Ann Lee may be
# reached at ...@"): regular-expression alternatives matched at the start of a short line.
get\s+(?:the\s+)?(?:latest|top|best|biggest)\b[^.!?]{0,60}?\b(?:in|to)\s+your\s+inbox
.{1,80}?\s+(?:may|can)\s+be\s+reached\s+at\s+\S+@

[contact_stems]
# Literal pre-check for [contact_notices]: a line holds one of these or is no contact line.
inbox
reached\s+at

[cookie_buttons]
# A cookie banner's buttons and links quoted in its text ("Accept all cookies",
# "Cookie settings"): regular-expression alternatives, searched anywhere.
\b(?:allow|accept)\S*\s+(?:all\s+)?cookies\b
\bcookie\s+(?:settings|preferences)\b

[author_noise]
# Words that start what follows an author's name in a byline field ("Jane Doe Updated
# May 4"): regular-expression alternatives; from the word on, the field is cut.
updated
published
posted
last updated

[author_leads]
# Lead-ins stripped from an author field ("By", "Written by"), lower case. A word
# needs a space, colon or the end after it; an entry ending in ":" is taken as written.
# The first that matches is stripped: longer forms before shorter ones.
written by
authored by
posted by
published by
reported by
reporting by
words by
story by
text by
article by
contributed by
by:
by
author:
authors:
author(s):
text:
reporter:
written by:
authored by:
contributors:
contributor:

[name_joins]
# Words joining two names in a byline ("A and B"), between spaces: regular-expression
# alternatives; a longer form after its first word never applies.
and
and by

[author_roles]
# Role words that end a name ("Jane Doe Staff Writer") or are a whole part ("Senior
# Editor"), lower case; the first that ends a name is cut, so longer forms first.
staff writer
staff reporter
senior writer
senior editor
contributing writer
contributor
correspondent
editor
reporter
columnist
writer
journalist
photographer
staff
editor-in-chief
managing editor
news editor
special to
for the
analyst

[name_credentials]
# Degrees and licences written after a name ("Jane Doe, PhD"), as written (case matters,
# dots left out): a part after a comma that opens with them is the name's own.
MA
MS
MSc
MD
PhD
DVM
RN
MPH
MBA
JD
DO
BSN
RD
RDN
LCSW
CPA
CFA
Esq
DDS
PharmD
MFA
BA
BS
BSc
MSN
NP
APRN
EdD
DrPH
MSW
FACP
FAAP
FACS
FAND
FRCP
CNM
LPC
PA-C
DPT
OD
PsyD
LMFT
LDN
CDCES
CDE
CSCS
IBCLC
MBBS
MRCP
FRCS

[name_cuts]
# Phrases after which a byline credits someone else ("Jane Doe Edited by John Roe"),
# lower case: the name ends before them.
on behalf of
edited by
photos by
photographs by
illustrations by
illustration by

[not_names]
# What a byline field may hold that is never a person's name ("Admin", "Contact us"),
# lower case, the whole field.
admin
administrator
staff
editor
editors
guest
anonymous
unknown
newsroom
news desk
web desk
desk
team
author
authors
more
follow
share
comments
comment
home
news
null
none
undefined
by
read more
contact
contact us
about
posted
published
updated
sign in
log in
login
sign up
subscribe
menu
search
close
register
account
my account
the author
about the author
call
full bio
bio
view profile
profile
view all posts
name
all posts
more articles

[job_words]
# Words that make a byline part a job or a topic rather than a person ("Digital Security
# Expert", "Head of Marketing"), lower case.
expert
specialist
director
manager
marketing
strategy
development
officer
founder
president
consultant
coordinator
grader
attorney
journalism

[desk_words]
# Words of a desk's or team's credit ("The Upwork Team", "Redaktion"), lower case: kept
# as the author only when no person is named.
team
staff
editors
editorial
newsroom
desk

[name_particles]
# Lower-case words that may stand inside a capitalised name ("Ludwig van Beethoven"),
# as names in this language write them.
of
the
bin
ibn
al
el

[institution_words]
# Words of an institution's name, which may hold an "and" ("Office of Research and
# Development"), lower case.
center
centre
institute
university
department
office
college
association
foundation
society
council
committee
ministry
bureau
commission
museum
library
laboratory
school

[org_words]
# Words of organisations' names, which a byline may put after the author ("Magazine",
# "Press"), lower case.
magazine
news
project
university
institute
center
centre
media
press
group
network
journal
times
daily
weekly
tribune
herald
gazette
online
radio
foundation
association
inc
ltd
llc

[other_credits]
# Labels before the name of someone who is not the author ("Reviewed by", "Photo by"),
# lower case, matched at the label's end.
reviewed by
fact-checked by
fact checked by
edited by
tested by
photos by
photo by
photography by
illustrated by
illustrations by
translated by
verified by

[honorifics]
# Titles written before a name ("Dr", "Prof"), lower case, without their dot.
dr
prof
mr
mrs
ms
mx
sir
dame
doc

[credit_determiners]
# A credit sentence ("This article was written by X") is determiner, noun, verb and
# agent word, each maybe two words apart. The determiners: regular-expression alternatives.
this

[credit_nouns]
# A credit sentence's noun ("article", "post"): regular-expression alternatives.
post
article
story
piece
blog
column
essay
report
review
guide
interview

[credit_verbs]
# A credit sentence's verb ("written"): regular-expression alternatives, also a literal
# pre-check.
written
authored
contributed
reported
prepared
compiled

[credit_agents]
# A credit sentence's agent word ("by"), after which the name follows: regular-expression
# alternatives.
by

[update_words]
# Words that mark a date as the last change, not the publication ("Updated"), lower case,
# found anywhere in the label.
updated
update:
modified
revised

[function_words]
# The commonest short words of the language, kept to words the other languages' lists
# rarely use (articles, conjunctions, prepositions), lower case, several a line: their
# share of a text confirms the language the markup declares.
the and of to is that with for was are this have from which were has been their they would it be by at

[own_letters]
# Letters of this language's alphabet that the other languages of its script never write,
# as written (case matters), several a line: a short text with them and none of
# [foreign_letters] is in this language whatever the trigram detector says.

[foreign_letters]
# Letters of this language's script that it never writes but its neighbours do, as
# written (case matters), several a line.

[year_abbreviations]
# Abbreviations of "year" written after a date's year ("12 марта 2024 г."), case as
# written: regular-expression alternatives.

[year_words]
# The word "year" written out after a date's year, case as written: regular-expression
# alternatives.

[time_leads]
# A word between a date and its time ("May 4, 2024 at 10:15"): regular-expression
# alternatives.
at

[time_zones]
# Time-zone names that may close a date line, as this language's press writes them:
# regular-expression alternatives.
utc
gmt
cet
cest
eet
est
edt
pst

[portrait_words]
# Words an image's alt text may put around a name and still describe the author's
# portrait ("Photo of Jane Doe"), lower case.
photo
picture
image
img
avatar
headshot
portrait
profile
of
author
the
pic

[owner_endings]
# Endings that make a site's name its owner's ("Colin Watson's blog"), lower case, as
# written after the name; the first that matches is cut.
's blog
's weblog
's website
's site
's homepage
's home page
's notes
's newsletter
's journal

[feed_endings]
# Words that end a feed's title and name the feed, not the site ("Jane Doe » Comments
# Feed"), lower case; the first that matches is cut, so longer forms first.
comments feed
rss feed
atom feed
feed
rss
atom

[business_words]
# Words of businesses named after their founder ("Todd Thomas Home"), lower case: such
# a site name is no person's.
corp
corporation
home
homes
community
energy
design
designs
studio
studios
photography
law
realty
dental
care
clinic
consulting
shop
store
company
co
services
solutions
marketing
agency
partners
associates
team
kitchen
garden
gardens
travel
fitness
books
music
art
films
productions
collection
official
show
podcast
academy
school
marketplace

[author_dirs]
# URL path segments before an author page's name ("/author/jane-doe"), lower case, as
# this language's sites write them (in Latin letters).
author
authors
writer
writers
journalist
journalists
