# Indonesian words for newsdesk-extract (see src/lexicon.rs). Sections in [brackets];
# one entry a line; lines starting with # are comments.

[months]

[dateline_leads]

[credit_labels]

[byline_leads]

[byline_labels]

[explicit_leads]

[author_words]

[promo_openings]
# How promo lines open ("Subscribe to our channel"): regular-expression
# alternatives, case-insensitive, matched at the start of a short line.

[promo_whole]
# Promo labels that are the whole line ("Advertisement"): regular-expression
# alternatives, case-insensitive.
iklan
terkait
sukai\s+ini
suka\s+memuat(?:\.\.\.|…)?

[tag_labels]
# Words that open a tag line ("Tags:"): regular-expression alternatives.

[typo_questions]
# "Found a typo?": openings of a question asking readers to report errors
# (regular-expression alternatives).

[typo_conditionals]
# "If you find a mistake": openings that count only with a typo request.

[typo_requests]
# Requests to report a typo ("let us know", "press"), anywhere in the line.

[related_strong]
# Labels that open a related link even without a separator ("Read also Headline"):
# regular-expression alternatives.

[related_weak]
# Labels that open a related link only with a separator, or as the whole line
# ("Related:", "You may also like"): regular-expression alternatives.

[next_phrases]
# "Next article" labels: regular-expression alternatives.

[previous_phrases]
# "Previous article" labels: regular-expression alternatives.

[translation_notes]
# "The article is in Russian", "Translated from German": whole-line regular
# expressions, tried in file order, each with a `lang` group naming the language.

[date_labels]
# Labels before the date on a scraped text's date line ("Published:"): regular-
# expression alternatives.

[home_words]
# The first step of a breadcrumb ("Home > News"), lower case.

[rights_reserved]
# "All rights reserved", anywhere in a short line: regular-expression alternatives.

[photo_credits]
# What opens a photo credit ("Photo:", «Фото:»): regular-expression alternatives.

[credit_joins]
# The word joining a photo credit's label to its source ("Photo by"): regular-
# expression alternatives.

[comment_words]
# Words for reader comments, in a comment section's house rules: regular-
# expression alternatives.

[moderation_words]
# Words of moderation or approval that make such a line house rules.

[comment_stems]
# Literal stems one of which a house-rules line must contain (a fast pre-check).

[cookie_subjects]
# Who uses cookies in a cookie banner ("we", "this site"): regular-expression alternatives.

[cookie_verbs]
# The banner's verb ("use"): regular-expression alternatives.

[cookie_words]
# The word for cookies, with its boundaries: regular-expression alternatives.

[cookie_stems]
# Literal stems one of which a cookie banner must contain (a fast pre-check).

[language_names]
# Prefixes of language names written in this language ("russ" for Russian,
# "англ" for English), lower case: prefix<TAB>ISO 639-1 code. The longest match wins.
