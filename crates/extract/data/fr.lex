# French words for newsdesk-extract (see src/lexicon.rs). Sections in [brackets];
# one entry a line; lines starting with # are comments.

[months]
# Month names: forms<TAB>number. The first form is the one dates are written
# with; then other cases, abbreviations, spelling variants.
janvier janv	1
février févr fevrier fév fevr	2
mars	3
avril avr	4
mai	5
juin	6
juillet juil	7
août aout	8
septembre sept	9
octobre oct	10
novembre nov	11
décembre déc decembre	12

[dateline_leads]
# How a byline or dateline line opens (lower case). `word` needs a space
# after it, `stem*` does not.
par
mis à jour*
publié*

[credit_labels]
# Phrases that make a short dated line a credit wherever they stand (lower case).
publié par
écrit par

[byline_leads]
# How a one-line byline opens, case as written.
Par

[byline_labels]
# Labels alone before an author's name (lower case).
par
auteur

[explicit_leads]
# Openings of an explicit credit line, case as written.
Écrit par

[author_words]
# Word stems that speak of the author (lower case).
auteur

[promo_openings]
# How promo lines open ("Subscribe to our channel"): regular-expression
# alternatives, case-insensitive, matched at the start of a short line.
abonnez-vous
suivez-nous
rejoignez-nous
partager\s+(?:cet|sur)
regardez\s+la\s+vidéo
inscrivez-vous

[promo_whole]
# Promo labels that are the whole line ("Advertisement"): regular-expression
# alternatives, case-insensitive.
publicité
partager
\d+\s+de\s+\d+

[tag_labels]
# Words that open a tag line ("Tags:"): regular-expression alternatives.
étiquettes
mots[-\s]clés

[typo_questions]
# "Found a typo?": openings of a question asking readers to report errors
# (regular-expression alternatives).
(?:vous\s+avez\s+)?(?:trouvé|repéré|remarqué)\s+une\s+(?:faute|erreur|coquille)

[typo_conditionals]
# "If you find a mistake": openings that count only with a typo request.

[typo_requests]
# Requests to report a typo ("let us know", "press"), anywhere in the line.

[related_strong]
# Labels that open a related link even without a separator ("Read also Headline"):
# regular-expression alternatives.
[àa]\s+lire\s+aussi
lire\s+aussi

[related_weak]
# Labels that open a related link only with a separator, or as the whole line
# ("Related:", "You may also like"): regular-expression alternatives.
vous\s+aimerez\s+aussi
voir\s+aussi
sur\s+le\s+même\s+sujet
(?:les\s+)?plus\s+lus
autres\s+articles
dans\s+la\s+même\s+rubrique

[next_phrases]
# "Next article" labels: regular-expression alternatives.
article\s+suivant

[previous_phrases]
# "Previous article" labels: regular-expression alternatives.
article\s+précédent

[translation_notes]
# "The article is in Russian", "Translated from German": whole-line regular
# expressions, tried in file order, each with a `lang` group naming the language.
(?i)^(?:traduit|traduction)\s+(?:de\s+l['’]|du\s+|de\s+)(?P<lang>\p{L}+)\b.*$
(?i)^(?:article|texte|version)\s+(?:original[e]?\s+)?en\s+(?P<lang>\p{L}+)\s*\.?$

[date_labels]
# Labels before the date on a scraped text's date line ("Published:"): regular-
# expression alternatives.
publié\s+le

[home_words]
# The first step of a breadcrumb ("Home > News"), lower case.
accueil

[rights_reserved]
# "All rights reserved", anywhere in a short line: regular-expression alternatives.
tous\s+droits\s+réservés

[photo_credits]
# What opens a photo credit ("Photo:", «Фото:»): regular-expression alternatives.

[credit_joins]
# The word joining a photo credit's label to its source ("Photo by"): regular-
# expression alternatives.
par
de

[comment_words]
# Words for reader comments, in a comment section's house rules: regular-
# expression alternatives.
commentaires?

[moderation_words]
# Words of moderation or approval that make such a line house rules.
modéré\S*
modération
modérateur\S*

[comment_stems]
# Literal stems one of which a house-rules line must contain (a fast pre-check).

[cookie_subjects]
# Who uses cookies in a cookie banner ("we", "this site"): regular-expression alternatives.
ce\s+site
nous

[cookie_verbs]
# The banner's verb ("use"): regular-expression alternatives.
utilise
utilisons

[cookie_words]
# The word for cookies, with its boundaries: regular-expression alternatives.

[cookie_stems]
# Literal stems one of which a cookie banner must contain (a fast pre-check).

[language_names]
# Prefixes of language names written in this language ("russ" for Russian,
# "англ" for English), lower case: prefix<TAB>ISO 639-1 code. The longest match wins.
angl	en
allemand	de
fran	fr
espagnol	es
polonais	pl
turc	tr
chinois	zh

[ctrl_keys]
# The keyboard's Control key as printed in this language ("Ctrl", "Strg"), before
# "Enter" in typo notices: regular-expression alternatives.

[next_words]
# A lone word for "next" before a teaser's headline ("Next: Headline", in capitals
# "NEXT Headline"), lower case; longer forms first.

[previous_words]
# A lone word for "previous" before a teaser's headline, lower case; longer forms first.

[copyright_words]
# The word that opens a copyright line with a year, © or a colon ("Copyright 2024"):
# regular-expression alternatives.

[reprint_notices]
# "Reproduction without permission is prohibited", "a link is required when reprinting":
# whole-notice regular-expression alternatives, matched at the start of a short line.

[photo_agencies]
# Agencies and photo banks whose name alone is an image credit ("Reuters",
# "Getty Images"), as this language writes them: regular-expression alternatives.

[agency_joins]
# Words joining a photographer to an agency ("Jane Roe via Reuters"): regular-expression
# alternatives.

[archive_credits]
# Image credits that are no agency ("personal archive", "screenshot"), followed by at
# most four words: regular-expression alternatives.

[wire_credits]
# One staff credit of wire copy ("Reporting by", "Additional reporting by"), before the
# names: regular-expression alternatives.

[promo_courtesies]
# A courtesy that may come before a promo opening ("Please subscribe"): regular-
# expression alternatives.

[social_networks]
# Names of social networks and share buttons, lower case: a line made only of two or more
# of them is a share bar.

[contact_notices]
# Newsletter and contact lines ("Get the latest news in your inbox", "Ann Lee may be
# reached at ...@"): regular-expression alternatives matched at the start of a short line.

[contact_stems]
# Literal pre-check for [contact_notices]: a line holds one of these or is no contact line.

[cookie_buttons]
# A cookie banner's buttons and links quoted in its text ("Accept all cookies",
# "Cookie settings"): regular-expression alternatives, searched anywhere.

[author_noise]
# Words that start what follows an author's name in a byline field ("Jane Doe Updated
# May 4"): regular-expression alternatives; from the word on, the field is cut.
mis à jour
publié le

[author_leads]
# Lead-ins stripped from an author field ("By", "Written by"), lower case. A word
# needs a space, colon or the end after it; an entry ending in ":" is taken as written.
# The first that matches is stripped: longer forms before shorter ones.
écrit par
par
auteur:
texte:

[name_joins]
# Words joining two names in a byline ("A and B"), between spaces: regular-expression
# alternatives; a longer form after its first word never applies.
et

[author_roles]
# Role words that end a name ("Jane Doe Staff Writer") or are a whole part ("Senior
# Editor"), lower case; the first that ends a name is cut, so longer forms first.

[name_credentials]
# Degrees and licences written after a name ("Jane Doe, PhD"), as written (case matters,
# dots left out): a part after a comma that opens with them is the name's own.

[name_cuts]
# Phrases after which a byline credits someone else ("Jane Doe Edited by John Roe"),
# lower case: the name ends before them.
au nom de

[not_names]
# What a byline field may hold that is never a person's name ("Admin", "Contact us"),
# lower case, the whole field.
rédaction

[job_words]
# Words that make a byline part a job or a topic rather than a person ("Digital Security
# Expert", "Head of Marketing"), lower case.

[desk_words]
# Words of a desk's or team's credit ("The Upwork Team", "Redaktion"), lower case: kept
# as the author only when no person is named.
rédaction
équipe

[name_particles]
# Lower-case words that may stand inside a capitalised name ("Ludwig van Beethoven"),
# as names in this language write them.
de
du
la
le

[institution_words]
# Words of an institution's name, which may hold an "and" ("Office of Research and
# Development"), lower case.

[org_words]
# Words of organisations' names, which a byline may put after the author ("Magazine",
# "Press"), lower case.

[other_credits]
# Labels before the name of someone who is not the author ("Reviewed by", "Photo by"),
# lower case, matched at the label's end.
relu par

[honorifics]
# Titles written before a name ("Dr", "Prof"), lower case, without their dot.

[credit_determiners]
# A credit sentence ("This article was written by X") is determiner, noun, verb and
# agent word, each maybe two words apart. The determiners: regular-expression alternatives.
cet
cette

[credit_nouns]
# A credit sentence's noun ("article", "post"): regular-expression alternatives.
billet

[credit_verbs]
# A credit sentence's verb ("written"): regular-expression alternatives, also a literal
# pre-check.
écrit
rédigé

[credit_agents]
# A credit sentence's agent word ("by"), after which the name follows: regular-expression
# alternatives.
par

[update_words]
# Words that mark a date as the last change, not the publication ("Updated"), lower case,
# found anywhere in the label.
mis à jour

[function_words]
# The commonest short words of the language, kept to words the other languages' lists
# rarely use (articles, conjunctions, prepositions), lower case, several a line: their
# share of a text confirms the language the markup declares.
le les et des est une dans pour qui pas sur au du avec par ont sont cette aux plus

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

[time_zones]
# Time-zone names that may close a date line, as this language's press writes them:
# regular-expression alternatives.

[portrait_words]
# Words an image's alt text may put around a name and still describe the author's
# portrait ("Photo of Jane Doe"), lower case.

[owner_endings]
# Endings that make a site's name its owner's ("Colin Watson's blog"), lower case, as
# written after the name; the first that matches is cut.

[feed_endings]
# Words that end a feed's title and name the feed, not the site ("Jane Doe » Comments
# Feed"), lower case; the first that matches is cut, so longer forms first.

[business_words]
# Words of businesses named after their founder ("Todd Thomas Home"), lower case: such
# a site name is no person's.

[author_dirs]
# URL path segments before an author page's name ("/author/jane-doe"), lower case, as
# this language's sites write them (in Latin letters).
auteur
auteurs
