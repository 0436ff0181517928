"""Page templates for the corpus: the shapes WordPress, Ghost, Blogger, Medium,
Substack and news sites give an article (menus, rails, banners, share bars,
comments, inline promos, captions), written for these tests.

``render(article)`` returns the page; ``expected_text(article)`` the article
text a listener should hear, one block a line. Article bodies use a small
notation (see ``articles.py``): ``## heading``, ``- item``, ``> quote``,
``| a | b |`` table rows (the first is the header), ``![caption]`` a figure,
``!promo`` an inline promo box, ``~ text`` a clutter paragraph inside the
body (a caption or notice the page prints as a paragraph), otherwise a
paragraph with ``*em*`` and ``[link]`` markup, where ``{{text}}`` is clutter
sharing the paragraph's line. Clutter is in the page, never in the expected text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

# Site furniture in each language: menus, share bars, rails, banners.
WORDS = {
    "en": dict(home="Home", reviews="Reviews", news="News", about="About", share="Share", related="Related posts",
               more="More from the magazine", comments="Comments", reply="Leave a Reply", cookie="We use cookies to improve your experience. By continuing you accept our cookie policy.",
               accept="Accept", newsletter="Get our best reviews in your inbox every Friday. Subscribe to our newsletter.",
               read_also="Read also", photo="Photo", by="By", sub="Subscribe", popular="Most popular", tags="Tags"),
    "de": dict(home="Startseite", reviews="Kritiken", news="Nachrichten", about="Über uns", share="Teilen", related="Ähnliche Beiträge",
               more="Mehr aus dem Magazin", comments="Kommentare", reply="Schreibe einen Kommentar", cookie="Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten. Mit der Nutzung stimmen Sie unserer Datenschutzerklärung zu.",
               accept="Akzeptieren", newsletter="Jeden Freitag die besten Kritiken im Postfach: Jetzt den Newsletter abonnieren.",
               read_also="Lesen Sie auch", photo="Foto", by="Von", sub="Abonnieren", popular="Meistgelesen", tags="Schlagwörter"),
    "fr": dict(home="Accueil", reviews="Critiques", news="Actualités", about="À propos", share="Partager", related="Articles similaires",
               more="Plus du magazine", comments="Commentaires", reply="Laisser un commentaire", cookie="Nous utilisons des cookies pour améliorer votre expérience. En poursuivant, vous acceptez notre politique de cookies.",
               accept="Accepter", newsletter="Recevez nos meilleures critiques chaque vendredi : inscrivez-vous à la newsletter.",
               read_also="Lire aussi", photo="Photo", by="Par", sub="S'abonner", popular="Les plus lus", tags="Mots-clés"),
    "es": dict(home="Inicio", reviews="Críticas", news="Noticias", about="Quiénes somos", share="Compartir", related="Artículos relacionados",
               more="Más de la revista", comments="Comentarios", reply="Deja un comentario", cookie="Utilizamos cookies para mejorar tu experiencia. Si continúas navegando, aceptas nuestra política de cookies.",
               accept="Aceptar", newsletter="Recibe nuestras mejores críticas cada viernes: suscríbete al boletín.",
               read_also="Lee también", photo="Foto", by="Por", sub="Suscríbete", popular="Lo más leído", tags="Etiquetas"),
    "it": dict(home="Home", reviews="Recensioni", news="Notizie", about="Chi siamo", share="Condividi", related="Articoli correlati",
               more="Altro dalla rivista", comments="Commenti", reply="Lascia un commento", cookie="Utilizziamo i cookie per migliorare la tua esperienza. Continuando accetti la nostra cookie policy.",
               accept="Accetta", newsletter="Ricevi le migliori recensioni ogni venerdì: iscriviti alla newsletter.",
               read_also="Leggi anche", photo="Foto", by="Di", sub="Iscriviti", popular="I più letti", tags="Tag"),
    "pt": dict(home="Início", reviews="Críticas", news="Notícias", about="Sobre", share="Partilhar", related="Artigos relacionados",
               more="Mais da revista", comments="Comentários", reply="Deixe um comentário", cookie="Usamos cookies para melhorar a sua experiência. Ao continuar, aceita a nossa política de cookies.",
               accept="Aceitar", newsletter="Receba as melhores críticas todas as sextas-feiras: assine a nossa newsletter.",
               read_also="Leia também", photo="Foto", by="Por", sub="Assinar", popular="Mais lidas", tags="Etiquetas"),
    "nl": dict(home="Home", reviews="Recensies", news="Nieuws", about="Over ons", share="Delen", related="Gerelateerde berichten",
               more="Meer uit het magazine", comments="Reacties", reply="Laat een reactie achter", cookie="Wij gebruiken cookies om je ervaring te verbeteren. Door verder te gaan ga je akkoord met ons cookiebeleid.",
               accept="Accepteren", newsletter="Elke vrijdag de beste recensies in je inbox: schrijf je in voor de nieuwsbrief.",
               read_also="Lees ook", photo="Foto", by="Door", sub="Abonneren", popular="Meest gelezen", tags="Tags"),
}


@dataclass(frozen=True)
class Article:
    """One corpus page: its words and the template that dresses it."""

    slug: str
    lang: str
    template: str
    title: str
    author: str
    date: str
    body: str
    related: tuple[str, ...] = ()
    """Teaser headlines for the related-story rail."""
    comments: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)


_LINK = re.compile(r"\[([^\]]+)\]")
_EM = re.compile(r"\*([^*]+)\*")


def _inline(text: str) -> str:
    text = html.escape(text, quote=False).replace("{{", "").replace("}}", "")
    if text.startswith("~ "):
        text = text[2:]
    text = _LINK.sub(lambda m: f'<a href="/tag/{m.group(1).lower().replace(" ", "-")}">{m.group(1)}</a>', text)
    return _EM.sub(r"<em>\1</em>", text)


_CLUTTER = re.compile(r"\s*\{\{([^}]*)\}\}")


def _plain(text: str) -> str:
    return _EM.sub(r"\1", _LINK.sub(r"\1", _CLUTTER.sub("", text)))


def body_lines(article: Article) -> list[str]:
    """The article body's notation lines."""
    return [line.strip() for line in article.body.strip().splitlines() if line.strip()]


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def body_html(article: Article, *, p: str = "p", br_paragraphs: bool = False) -> str:
    """The body as HTML; ``br_paragraphs`` writes paragraphs as text with ``<br><br>`` (Blogger)."""
    w = WORDS[article.lang]
    out: list[str] = []
    lines = body_lines(article)
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("## "):
            out.append(f"<h2>{_inline(line[3:])}</h2>")
        elif line.startswith("- "):
            items = []
            while i < len(lines) and lines[i].startswith("- "):
                items.append(f"<li>{_inline(lines[i][2:])}</li>")
                i += 1
            out.append("<ul>" + "".join(items) + "</ul>")
            continue
        elif line.startswith("> "):
            out.append(f"<blockquote><p>{_inline(line[2:])}</p></blockquote>")
        elif line.startswith("|"):
            rows = []
            first = True
            while i < len(lines) and lines[i].startswith("|"):
                tag = "th" if first else "td"
                rows.append("<tr>" + "".join(f"<{tag}>{_inline(c)}</{tag}>" for c in _cells(lines[i])) + "</tr>")
                first = False
                i += 1
            out.append(f"<table class=\"specs\"><thead>{rows[0]}</thead><tbody>{''.join(rows[1:])}</tbody></table>")
            continue
        elif line.startswith("!["):
            caption = line[2:-1]
            out.append(
                f'<figure class="wp-block-image"><img src="/img/{article.slug}-{i}.jpg" alt="">'
                f"<figcaption>{html.escape(caption)} ({w['photo']}: Studio Nord)</figcaption></figure>"
            )
        elif line == "!promo":
            out.append(
                f'<div class="inline-promo"><p><strong>{w["read_also"]}:</strong> '
                f'<a href="/x">{html.escape(article.related[0] if article.related else w["more"])}</a></p></div>'
            )
        elif br_paragraphs:
            out.append(_inline(line) + "<br><br>")
        else:
            out.append(f"<{p}>{_inline(line)}</{p}>")
        i += 1
    return "\n".join(out)


def expected_text(article: Article) -> str:
    """What a listener should hear of the body: one block a line, tables as sentences."""
    out: list[str] = []
    if article.template == "substack" and article.extra.get("subtitle"):
        out.append(article.extra["subtitle"])  # the standfirst is part of the post
    for line in body_lines(article):
        if line.startswith(("![", "!promo", "~ ")):
            continue
        if line.startswith("|"):
            text = ", ".join(_plain(c) for c in _cells(line))
            out.append(text if text.endswith(".") else text + ".")
        elif line.startswith(("## ", "- ", "> ")):
            out.append(_plain(line[2:].lstrip("# ").strip()) if line.startswith("## ") else _plain(line[2:]))
        else:
            out.append(_plain(line))
    return "\n".join(out) + "\n"


# --- the page shapes -----------------------------------------------------------------


def _head(a: Article, extra: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{a.lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(a.title)} | {a.extra.get('site', 'The Review Desk')}</title>\n"
        f'<meta property="og:title" content="{html.escape(a.title)}">\n'
        f'<meta name="author" content="{html.escape(a.author)}">\n'
        f'<meta property="article:published_time" content="{a.date}T09:00:00+00:00">\n'
        '<link rel="stylesheet" href="/style.css">\n<script>window.dataLayer = window.dataLayer || [];</script>\n'
        f"{extra}</head>\n"
    )


def _menu(w: dict[str, str]) -> str:
    items = "".join(f'<li class="menu-item"><a href="/{k}">{w[k]}</a></li>' for k in ("home", "reviews", "news", "about"))
    return f'<ul id="primary-menu" class="menu">{items}</ul>'


def _rail(a: Article, heading: str, *, standfirst: bool) -> str:
    teasers = []
    for n, headline in enumerate(a.related):
        blurb = f'<p class="excerpt">{html.escape(headline)}</p>' if standfirst else ""
        teasers.append(
            f'<article class="related-item"><a href="/story-{n}"><img src="/t{n}.jpg" alt=""></a>'
            f'<h3 class="entry-title"><a href="/story-{n}">{html.escape(headline)}</a></h3>{blurb}</article>'
        )
    return f'<section class="related-posts"><h2>{heading}</h2>{"".join(teasers)}</section>'


def _comments(a: Article, w: dict[str, str]) -> str:
    items = "".join(
        f'<li class="comment"><div class="comment-author">reader{n}</div><div class="comment-content"><p>{html.escape(c)}</p></div>'
        f'<a class="comment-reply-link" href="#">Reply</a></li>'
        for n, c in enumerate(a.comments)
    )
    return (
        f'<div id="comments" class="comments-area"><h2 class="comments-title">{len(a.comments)} {w["comments"]}</h2>'
        f'<ol class="comment-list">{items}</ol><div id="respond"><h3>{w["reply"]}</h3>'
        '<form><textarea name="comment"></textarea><button>Post Comment</button></form></div></div>'
    )


def _share(w: dict[str, str]) -> str:
    return (
        f'<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">{w["share"]}:</h3><ul>'
        '<li><a class="share-twitter" href="#">Twitter</a></li><li><a class="share-facebook" href="#">Facebook</a></li>'
        '<li><a class="share-email" href="#">Email</a></li></ul></div>'
    )


def _cookie(w: dict[str, str]) -> str:
    return f'<div id="cookie-notice" class="cookie-banner"><p>{w["cookie"]}</p><button>{w["accept"]}</button></div>'


def wordpress(a: Article) -> str:
    w = WORDS[a.lang]
    return (
        _head(a) + '<body class="post-template-default single single-post">\n'
        f'<a class="skip-link" href="#content">Skip to content</a><header id="masthead" class="site-header">'
        f'<p class="site-title"><a href="/">{a.extra.get("site", "The Review Desk")}</a></p><nav>{_menu(w)}</nav></header>\n'
        '<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">\n'
        f'<article class="post type-post status-publish format-standard hentry"><header class="entry-header">'
        f'<h1 class="entry-title">{html.escape(a.title)}</h1><div class="entry-meta"><span class="byline">{w["by"]} '
        f'<a class="url fn n" href="/author/x">{a.author}</a></span> <time class="entry-date published" datetime="{a.date}">{a.date}</time></div></header>\n'
        f'<div class="entry-content">\n{body_html(a)}\n{_share(w)}</div>\n'
        f'<footer class="entry-footer"><span class="tags-links">{w["tags"]}: <a href="/t/1">{w["reviews"]}</a></span></footer></article>\n'
        f'{_rail(a, w["related"], standfirst=True)}\n{_comments(a, w)}\n</main></div>\n'
        f'<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">{w["popular"]}</h2>'
        + "".join(f'<ul><li><a href="/p{n}">{html.escape(t)}</a></li></ul>' for n, t in enumerate(a.related))
        + f'</section></aside></div>\n<footer id="colophon" class="site-footer"><p>© 2025 {a.extra.get("site", "The Review Desk")}</p></footer>\n'
        f"{_cookie(w)}</body></html>\n"
    )


def ghost(a: Article) -> str:
    w = WORDS[a.lang]
    return (
        _head(a) + '<body class="post-template">\n<div class="viewport"><header id="gh-head" class="gh-head">'
        f'<nav class="gh-head-menu">{_menu(w)}</nav><a class="gh-head-button" href="#/portal/signup">{w["sub"]}</a></header>\n'
        '<main id="site-main" class="site-main"><article class="article post">\n'
        f'<header class="article-header gh-canvas"><h1 class="article-title">{html.escape(a.title)}</h1>'
        f'<div class="article-byline"><h4 class="author-name"><a href="/author/x/">{a.author}</a></h4>'
        f'<time class="byline-meta-date" datetime="{a.date}">{a.date}</time></div></header>\n'
        f'<section class="gh-content gh-canvas">\n{body_html(a)}\n'
        f'<div class="kg-card kg-cta-card"><p>{w["newsletter"]}</p><a class="kg-btn" href="#/portal">{w["sub"]}</a></div>\n</section>\n'
        "</article>\n"
        f'<aside class="read-more-wrap"><div class="read-more inner"><h3>{w["more"]}</h3>'
        + "".join(
            f'<article class="post-card"><a class="post-card-content-link" href="/r{n}"><header class="post-card-header">'
            f'<h2 class="post-card-title">{html.escape(t)}</h2></header><div class="post-card-excerpt">{html.escape(t)}</div></a></article>'
            for n, t in enumerate(a.related)
        )
        + f'</div></aside></main>\n<footer class="site-footer"><p>{a.extra.get("site", "The Review Desk")} © 2025 · Powered by Ghost</p></footer></div>\n'
        "</body></html>\n"
    )


def blogger(a: Article) -> str:
    w = WORDS[a.lang]
    return (
        _head(a) + "<body>\n<div class=\"navbar section\"><div class=\"widget Navbar\"></div></div>\n"
        f'<div class="header-outer"><h1 class="blog-title"><a href="/">{a.extra.get("site", "Notes from the Back Row")}</a></h1></div>\n'
        '<div class="main-outer"><div class="date-outer"><h2 class="date-header"><span>' + a.date + "</span></h2>\n"
        '<div class="post-outer"><div class="post hentry" itemscope>\n'
        f'<h3 class="post-title entry-title">{html.escape(a.title)}</h3>\n'
        f'<div class="post-body entry-content" id="post-body-1">\n{body_html(a, br_paragraphs=True)}\n</div>\n'
        f'<div class="post-footer"><span class="post-author vcard">Posted by <span class="fn">{a.author}</span></span>'
        f' <span class="post-comment-link"><a href="#comments">{len(a.comments)} {w["comments"].lower()}</a></span>'
        '<div class="post-share-buttons"><a class="share-button" href="#">Email This</a><a class="share-button" href="#">BlogThis!</a>'
        '<a class="share-button" href="#">Share to X</a><a class="share-button" href="#">Share to Facebook</a></div></div>\n'
        f"</div>{_comments(a, w)}</div></div></div>\n"
        f'<div class="sidebar"><div class="widget PopularPosts"><h2>{w["popular"]}</h2><ul>'
        + "".join(f'<li><div class="item-title"><a href="/p{n}">{html.escape(t)}</a></div></li>' for n, t in enumerate(a.related))
        + "</ul></div></div>\n</body></html>\n"
    )


def _medium_body(a: Article) -> str:
    tagged = body_html(a, p='p class="pw-post-body-paragraph"')
    return tagged.replace('</p class="pw-post-body-paragraph">', "</p>") + "\n"


def medium(a: Article) -> str:
    return (
        _head(a) + '<body><div id="root"><div class="a b c">\n'
        f'<nav class="metabar"><a href="/">Medium</a><a href="/m/signin">Sign in</a><a href="/m/signup">Get started</a></nav>\n'
        '<article><div class="l"><section><div class="ab ca"><div>\n'
        f'<h1 class="pw-post-title" data-testid="storyTitle">{html.escape(a.title)}</h1>\n'
        f'<div class="pw-author"><a rel="noopener" href="/@x">{a.author}</a><span>Follow</span></div>'
        f'<div><span data-testid="storyReadTime">6 min read</span><span>·</span><span>{a.date}</span></div>\n'
        '<div class="pw-multi-vote-count"><button>412</button></div><div><button aria-label="responses">9</button></div>\n'
        + _medium_body(a)
        + "</div></div></section></div></article>\n"
        f'<div class="footer-recirc"><h2>More from {a.author}</h2>'
        + "".join(
            f'<div class="recirc-card"><a href="/s{n}"><h2>{html.escape(t)}</h2><h3>{html.escape(t)}</h3></a><span>5 min read</span></div>'
            for n, t in enumerate(a.related)
        )
        + '</div><footer><a href="/help">Help</a><a href="/status">Status</a><a href="/about">About</a></footer></div></div></body></html>\n'
    )


def substack(a: Article) -> str:
    w = WORDS[a.lang]
    return (
        _head(a) + '<body><div id="entry"><div class="main-menu"><div class="topbar">'
        f'<a class="navbar-title-link" href="/">{a.extra.get("site", "Second Reel")}</a><button class="subscribe-btn">{w["sub"]}</button>'
        '<a href="/signin">Sign in</a></div></div>\n<div class="container"><div class="single-post"><article class="typography newsletter-post post">\n'
        f'<div class="post-header"><h1 class="post-title unpublished">{html.escape(a.title)}</h1>'
        f'<h3 class="subtitle">{html.escape(a.extra.get("subtitle", ""))}</h3>'
        f'<div class="post-meta"><a class="frontend-pencraft-Text" href="/p/author">{a.author}</a><div>{a.date}</div></div>'
        '<div class="post-ufi"><a class="like-button">47</a><a class="comment-button">12</a><a class="share-button">Share</a></div></div>\n'
        f'<div class="available-content"><div class="body markup" dir="auto">\n{body_html(a)}\n'
        f'<div class="subscription-widget-wrap"><div class="subscription-widget"><p>{w["newsletter"]}</p>'
        f'<form><input type="email" placeholder="Type your email..."><button>{w["sub"]}</button></form></div></div>\n'
        '<p class="button-wrapper"><a class="button primary" href="/share"><span>Share</span></a></p>\n</div></div>\n'
        "</article>\n"
        f'<div class="post-footer"><div class="comments-section"><h4>Discussion about this post</h4>{_comments(a, w)}</div></div>\n'
        "</div></div>\n"
        f'<div class="footer"><p>© 2025 {a.author} · Privacy · Terms · Collection notice</p><p>Substack is the home for great culture</p></div></div></body></html>\n'
    )


def news(a: Article) -> str:
    w = WORDS[a.lang]
    ld = (
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
        f'"headline":"{a.title}","datePublished":"{a.date}","author":{{"@type":"Person","name":"{a.author}"}}}}</script>\n'
    )
    return (
        _head(a, ld) + "<body>\n"
        f'<div class="ad-slot ad-leaderboard"><span>Advertisement</span></div>\n<header class="masthead"><nav class="section-nav">{_menu(w)}</nav>'
        '<div class="account"><a href="/login">Log in</a> <a href="/subscribe">Subscribe</a></div></header>\n'
        '<div class="breaking"><a href="/live">Live: election results, state by state</a></div>\n'
        '<main><article class="story">\n'
        f'<div class="story-header"><h1 class="headline">{html.escape(a.title)}</h1>'
        f'<p class="byline">{w["by"]} <a href="/by/x">{a.author}</a></p><p class="dateline"><time datetime="{a.date}">{a.date}</time></p>'
        '<div class="story-tools"><a href="#">Print Article</a> <a href="#">Order Reprints</a> <a href="#">Share</a></div></div>\n'
        f'<div class="article-body">\n{body_html(a)}\n</div>\n'
        '<div class="story-footer"><p>An error has occurred, please try again later.</p>'
        '<p class="follow">Follow us on Twitter</p></div>\n'
        f'</article>\n<section class="rail most-read"><h2>{w["popular"]}</h2><ol>'
        + "".join(
            f'<li><a href="/n{n}"><span class="rank">{n + 1}</span><h3>{html.escape(t)}</h3></a><p>{html.escape(t)}</p></li>'
            for n, t in enumerate(a.related)
        )
        + "</ol></section></main>\n"
        '<footer class="site-footer"><ul><li><a href="/terms">Terms of Use</a></li><li><a href="/privacy">Privacy Policy</a></li>'
        "<li><a href=\"/contact\">Contact</a></li></ul><p>Copyright 2025 The Daily Courier</p></footer>\n"
        f"{_cookie(w)}</body></html>\n"
    )


def _div_body(a: Article) -> str:
    """Paragraphs as bare ``<div>`` text, headings as ``<strong>`` lines: a page builder's markup."""
    out = []
    for chunk in body_html(a).split("\n"):
        if chunk.startswith("<p>"):
            out.append('<div class="text-block">' + chunk[3:-4] + "</div>")
        elif chunk.startswith("<h2>"):
            out.append('<div class="text-block"><h3 class="sub">' + chunk[4:-5] + "</h3></div>")
        else:
            out.append(chunk)
    return "\n".join(out)


def magazine(a: Article) -> str:
    w = WORDS[a.lang]
    half = len(a.related) // 2 or 1
    teasers = "".join(
        f'<div class="teaser"><a href="/m{n}"><h4>{html.escape(t)}</h4></a><p><a href="/m{n}">{html.escape(t)}</a></p></div>'
        for n, t in enumerate(a.related)
    )
    body = _div_body(a).split("\n")
    cut = max(1, len(body) // 2)
    return (
        _head(a) + '<body class="magazine">\n'
        f'<div class="topbar"><a href="/">{a.extra.get("site", "Kultur Kompass")}</a> {_menu(w)}</div>\n'
        '<div class="page"><div class="col-main"><article class="post-full">\n'
        f'<h1 class="post-title">{html.escape(a.title)}</h1>\n'
        f'<div class="post-meta"><span>{w["by"]} {a.author}</span> · <span>{a.date}</span></div>\n'
        f'<div class="social-top"><a href="#">{w["share"]}</a> <a href="#">Facebook</a> <a href="#">X</a></div>\n'
        '<div class="post-content"><div class="wrap">\n'
        + "\n".join(body[:cut])
        + f'\n<div class="related-inline"><h4>{w["related"]}</h4>{teasers[: len(teasers) // half if half > 1 else None]}</div>\n'
        + "\n".join(body[cut:])
        + f'\n</div></div>\n<div class="author-box"><p>{a.author}</p></div>\n'
        f"{_comments(a, w)}\n</article></div>\n"
        f'<div class="col-side"><h3>{w["popular"]}</h3>{teasers}</div></div>\n'
        f'<footer><p>© 2025 {a.extra.get("site", "Kultur Kompass")}</p></footer>{_cookie(w)}</body></html>\n'
    )


TEMPLATES = {"wordpress": wordpress, "ghost": ghost, "blogger": blogger, "medium": medium, "substack": substack, "news": news,
             "magazine": magazine}


def render(article: Article) -> str:
    """The article dressed in its template."""
    return TEMPLATES[article.template](article)
