"""Render the quiz questions as a plain HTML form, answerable before any script runs."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import NamedTuple

from markdown_it import MarkdownIt

from quiz.engine import SCALE
from quiz.model import Question, Quiz

FORM_ID = "fvd-form"
_markdown = MarkdownIt("commonmark")


class Topic(NamedTuple):
    """A topic of the result's chart: its id, the guide's name for it, its page's URL."""

    id: str
    title: str
    url: str


def rationale_html(markdown: str) -> str:
    """Inline Markdown of a rationale as HTML (the data is validated to hold only inline markup)."""
    html: str = _markdown.renderInline(markdown)
    return html


def _question_html(number: int, question: Question) -> str:
    kind = "checkbox" if question.multiple else "radio"
    help_id = f"fvd-help-{question.id}"
    described = f' aria-describedby="{help_id}"' if question.help else ""
    lines = [
        f'<fieldset class="fvd-question" id="fvd-q-{question.id}"{described}>',
        f'<legend><span class="fvd-number">{number}.</span> {escape(question.text)}</legend>',
    ]
    if question.help:
        lines.append(f'<p class="fvd-help" id="{help_id}">{escape(question.help)}</p>')
    lines.append('<div class="fvd-options">')
    for option in question.options:
        input_id = f"fvd-{question.id}-{option.id}"
        lines.append(
            '<div class="fvd-option">'
            f'<input type="{kind}" id="{input_id}" name="{question.id}" value="{option.id}">'
            f'<label for="{input_id}">{escape(option.label)}</label>'
            "</div>"
        )
    lines += ["</div>", "</fieldset>"]
    return "\n".join(lines)


def _rationale_templates(quiz: Quiz) -> str:
    """Build-time HTML for each rationale, cloned by the page when it lists reasons."""
    return "\n".join(
        f'<template data-fvd-why="{question.id}:{option.id}">'
        f"{rationale_html(option.rationale)}</template>"
        for question in quiz.questions
        for option in question.options
    )


def _topic_templates(topics: Sequence[Topic]) -> str:
    """Each topic's name and page, as the guide's navigation has them, for the result's chart."""
    return "\n".join(
        f'<template data-fvd-topic="{escape(topic.id)}">'
        f'<a href="{escape(topic.url)}">{escape(topic.title)}</a></template>'
        for topic in topics
    )


def _tutorial_templates(quiz: Quiz) -> str:
    return "\n".join(
        f'<template data-fvd-tutorial="{tutorial.framework}">'
        f'<a href="{escape(tutorial.url)}">{escape(tutorial.title)}</a></template>'
        for tutorial in quiz.tutorials
    )


def _scale_html() -> str:
    """The verdict's scale, explained once, next to the result."""
    items = "".join(
        f"<li><strong>{escape(label)}</strong>: {escape(meaning)}</li>" for label, meaning in SCALE
    )
    return f'<section class="fvd-scale"><p>How to read the verdict:</p><ul>{items}</ul></section>'


def render_form(quiz: Quiz, fallback_url: str, topics: Sequence[Topic]) -> str:
    """The quiz form, the result region, and the no-script note, as one HTML fragment.

    Material's search skips the quiz's parts (``data-search-exclude``): the page's introduction
    is what a search should find, not every option's rationale. Its parser matches elements by
    tag name alone, so the mark sits on elements that hold none of their own kind.
    """
    total = len(quiz.questions)
    questions = "\n".join(
        _question_html(number, question) for number, question in enumerate(quiz.questions, 1)
    )
    return f"""<div class="fvd-quiz">
<noscript data-search-exclude><p class="fvd-notice">The quiz computes its recommendation
with Python running in your browser, which needs JavaScript. Without it, read
<a href="{escape(fallback_url)}">When to choose which</a>, which covers the same
ground.</p></noscript>
<p class="fvd-notice" data-fvd-notice role="alert" hidden></p>
<form id="{FORM_ID}" class="fvd-form" data-engine="loading" data-total="{total}" novalidate
data-search-exclude>
{questions}
<div class="fvd-live" data-fvd-live>
<p class="fvd-live-line"><span class="fvd-progress" data-fvd-progress>Answered
<strong data-fvd-answered>0</strong> of {total}</span>
<span class="fvd-live-verdict" data-live-recommendation="" aria-live="polite"
aria-atomic="true"></span></p>
<p class="fvd-status" data-fvd-status role="status">Starting Python in your browser…</p>
<button type="button" class="md-button" data-fvd-retry hidden>Retry starting Python</button>
</div>
<div class="fvd-actions">
<button type="submit" class="md-button md-button--primary">Get my recommendation</button>
<button type="reset" class="md-button">Start again</button>
</div>
</form>
<section class="fvd-result" data-fvd-result aria-label="Your recommendation" data-search-exclude>
<h2 class="fvd-result-title" tabindex="-1" data-fvd-result-title hidden>Your recommendation</h2>
<div class="fvd-shared" data-fvd-shared hidden>
<p>These answers came with the link you opened.
<button type="button" class="md-button" data-fvd-edit>Edit answers</button></p>
<p class="fvd-pending" data-fvd-pending></p>
</div>
<div class="fvd-announce" aria-live="polite" aria-atomic="true">
<p class="fvd-verdict" data-recommendation=""></p>
</div>
<div class="fvd-details" data-fvd-details hidden></div>
<p class="fvd-share" data-fvd-share hidden>
<button type="button" class="md-button" data-fvd-copy>Copy link to these answers</button>
<span data-fvd-copied role="status"></span>
</p>
</section>
<div hidden data-search-exclude>
<template data-fvd-scale>{_scale_html()}</template>
{_topic_templates(topics)}
{_tutorial_templates(quiz)}
{_rationale_templates(quiz)}
</div>
</div>"""
