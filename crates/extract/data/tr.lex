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

[promo_openings]
# How promo lines open ("Subscribe to our channel"): regular-expression
# alternatives, case-insensitive, matched at the start of a short line.
abone\s+ol
bizi\s+takip\s+edin?
haberi\s+paylaş
videoyu\s+izle

[promo_whole]
# Promo labels that are the whole line ("Advertisement"): regular-expression
# alternatives, case-insensitive.
reklam
paylaş

[tag_labels]
# Words that open a tag line ("Tags:"): regular-expression alternatives.
etiketler
anahtar\s+kelimeler
konular

[typo_questions]
# "Found a typo?": openings of a question asking readers to report errors
# (regular-expression alternatives).
(?:bir\s+)?(?:hata|yazım\s+hatası)\s+(?:mı\s+)?(?:buldunuz|gördünüz|fark\s+ettiniz)

[typo_conditionals]
# "If you find a mistake": openings that count only with a typo request.

[typo_requests]
# Requests to report a typo ("let us know", "press"), anywhere in the line.

[related_strong]
# Labels that open a related link even without a separator ("Read also Headline"):
# regular-expression alternatives.
ayrıca\s+(?:okuyun|bakınız)

[related_weak]
# Labels that open a related link only with a separator, or as the whole line
# ("Related:", "You may also like"): regular-expression alternatives.
ilginizi\s+çekebilir
ilgili\s+haberler
benzer\s+haberler
diğer\s+haberler
en\s+çok\s+okunanlar

[next_phrases]
# "Next article" labels: regular-expression alternatives.
sonraki\s+(?:haber|makale|yazı)

[previous_phrases]
# "Previous article" labels: regular-expression alternatives.
önceki\s+(?:haber|makale|yazı)

[translation_notes]
# "The article is in Russian", "Translated from German": whole-line regular
# expressions, tried in file order, each with a `lang` group naming the language.
(?i)^(?P<lang>\p{L}+)\s+(?:çevrilmiştir|çeviri|çevrildi|aslından\s+çevrilmiştir)\b.*$

[date_labels]
# Labels before the date on a scraped text's date line ("Published:"): regular-
# expression alternatives.

[home_words]
# The first step of a breadcrumb ("Home > News"), lower case.

[rights_reserved]
# "All rights reserved", anywhere in a short line: regular-expression alternatives.
tüm\s+hakları\s+saklıdır

[photo_credits]
# What opens a photo credit ("Photo:", «Фото:»): regular-expression alternatives.
fotoğraf
görsel

[credit_joins]
# The word joining a photo credit's label to its source ("Photo by"): regular-
# expression alternatives.

[comment_words]
# Words for reader comments, in a comment section's house rules: regular-
# expression alternatives.
yorum\S*

[moderation_words]
# Words of moderation or approval that make such a line house rules.
onaylan\S*

[comment_stems]
# Literal stems one of which a house-rules line must contain (a fast pre-check).
yorum

[cookie_subjects]
# Who uses cookies in a cookie banner ("we", "this site"): regular-expression alternatives.
bu\s+site\S*

[cookie_verbs]
# The banner's verb ("use"): regular-expression alternatives.
kullanır
kullanıyoruz

[cookie_words]
# The word for cookies, with its boundaries: regular-expression alternatives.
\bçerez

[cookie_stems]
# Literal stems one of which a cookie banner must contain (a fast pre-check).
çerez

[language_names]
# Prefixes of language names written in this language ("russ" for Russian,
# "англ" for English), lower case: prefix<TAB>ISO 639-1 code. The longest match wins.
ingiliz	en
rusç	ru
ukrayn	uk
alman	de
ispanyol	es
portekiz	pt
lehçe	pl
türk	tr
