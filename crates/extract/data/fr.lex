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
