"""Render the quiz questions as a plain HTML form, answerable before any script runs."""

from __future__ import annotations

from html import escape

from markdown_it import MarkdownIt

from quiz.model import Question, Quiz

FORM_ID = "fvd-form"
_markdown = MarkdownIt("commonmark")


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


def render_form(quiz: Quiz, fallback_url: str) -> str:
    """The quiz form, the result region, and the no-script note, as one HTML fragment."""
    total = len(quiz.questions)
    questions = "\n".join(
        _question_html(number, question) for number, question in enumerate(quiz.questions, 1)
    )
    return f"""<div class="fvd-quiz">
<noscript><p class="fvd-notice">The quiz computes its recommendation with Python running
in your browser, which needs JavaScript. Without it, read
<a href="{escape(fallback_url)}">When to choose which</a>, which covers the same
ground.</p></noscript>
<p class="fvd-notice" data-fvd-notice role="alert" hidden></p>
<form id="{FORM_ID}" class="fvd-form" data-engine="loading" data-total="{total}" novalidate>
<p class="fvd-progress" data-fvd-progress>
Answered <strong data-fvd-answered>0</strong> of {total} questions.
Unanswered questions count as neutral.</p>
{questions}
<div class="fvd-actions">
<button type="submit" class="md-button md-button--primary">Get my recommendation</button>
<button type="reset" class="md-button">Start again</button>
</div>
<p class="fvd-status" data-fvd-status role="status">Starting Python in your browser…</p>
<button type="button" class="md-button" data-fvd-retry hidden>Retry starting Python</button>
</form>
<section class="fvd-result" data-fvd-result aria-label="Your recommendation">
<h2 class="fvd-result-title" tabindex="-1" data-fvd-result-title hidden>Your recommendation</h2>
<div class="fvd-announce" aria-live="polite" aria-atomic="true">
<p class="fvd-verdict" data-recommendation=""></p>
</div>
<div class="fvd-details" data-fvd-details hidden></div>
<p class="fvd-share" data-fvd-share hidden>
<button type="button" class="md-button" data-fvd-copy>Copy link to these answers</button>
<span data-fvd-copied role="status"></span>
</p>
</section>
<div hidden>
{_rationale_templates(quiz)}
</div>
</div>"""
