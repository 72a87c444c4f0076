"""Question data is validated on load, with errors that name file, question, option and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quiz.loader import DATA_DIR, QuizDataError, check_links, load_quiz, load_quiz_from
from quiz.topics import TOPICS

FIXTURES = Path(__file__).parent / "fixtures"
BAD_QUESTIONS = sorted((FIXTURES / "bad_questions").glob("*.toml"))


def expected_message(path: Path) -> str:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# expect: "), f"{path.name} must start with '# expect: …'"
    return first_line.removeprefix("# expect: ")


def quiz_dir_with(tmp_path: Path, *question_files: Path) -> Path:
    (tmp_path / "questions").mkdir()
    for path in question_files:
        shutil.copy(path, tmp_path / "questions" / path.name)
    return tmp_path


def test_the_shipped_quiz_is_valid_and_broad() -> None:
    quiz = load_quiz()
    assert len(quiz.questions) >= 10
    assert any(question.multiple for question in quiz.questions)
    assert any(not question.multiple for question in quiz.questions)
    used = {
        criterion
        for question in quiz.questions
        for option in question.options
        for criterion in (*option.flask, *option.django)
    }
    assert used <= set(TOPICS)
    assert len({question.id for question in quiz.questions}) == len(quiz.questions)


@pytest.mark.parametrize("path", BAD_QUESTIONS, ids=lambda path: path.stem)
def test_bad_question_file_is_rejected_with_a_precise_message(tmp_path: Path, path: Path) -> None:
    directory = quiz_dir_with(tmp_path, path)
    with pytest.raises(QuizDataError) as caught:
        load_quiz_from(directory)
    message = str(caught.value)
    assert message.startswith(str(directory / "questions" / path.name)) or path.name in message
    assert expected_message(path) in message


def test_there_is_a_fixture_for_every_kind_of_error() -> None:
    assert len(BAD_QUESTIONS) >= 12


def test_duplicate_question_ids_across_files_name_both_files(tmp_path: Path) -> None:
    source = DATA_DIR / "questions" / "02-admin.toml"
    (tmp_path / "questions").mkdir()
    shutil.copy(source, tmp_path / "questions" / "01-admin.toml")
    shutil.copy(source, tmp_path / "questions" / "02-admin-again.toml")
    with pytest.raises(QuizDataError, match=r"02-admin-again\.toml, question 'admin', field 'id'"):
        load_quiz_from(tmp_path)


def test_empty_directory_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "questions").mkdir()
    with pytest.raises(QuizDataError, match="no question files"):
        load_quiz_from(tmp_path)


ALTERNATIVE = '[[alternatives]]\nid = "x"\nname = "X"\ntext = "T"\nlink = "async.md#a"\n'


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "alternatives.toml",
            ALTERNATIVE + 'when = { nope = ["a"] }\n',
            "field 'when': unknown question 'nope'",
        ),
        (
            "alternatives.toml",
            ALTERNATIVE + 'when = { admin = ["never"] }\n',
            "unknown option 'never' for question 'admin'",
        ),
        ("alternatives.toml", ALTERNATIVE + "when = {}\n", "must name at least one question"),
        (
            "alternatives.toml",
            '[[alternatives]]\nid = "x"\nname = "X"\nlink = "async.md#a"\n'
            'when = { admin = ["none"] }\n',
            "alternative x', field 'text': missing field",
        ),
        (
            "alternatives.toml",
            ALTERNATIVE + 'when = { admin = ["none"] }\nverdicts = ["flask", "maybe"]\n',
            "field 'verdicts': must list some of flask, django, either",
        ),
        (
            "tutorials.toml",
            '[flask]\ntitle = "T"\nurl = "https://flask.palletsprojects.com/t/"\n',
            "'django': missing",
        ),
        (
            "tutorials.toml",
            '[flask]\ntitle = "T"\nurl = "https://example.com/t/"\n'
            '[django]\ntitle = "T"\nurl = "https://docs.djangoproject.com/t/"\n',
            "option 'flask', field 'url': must be an https link to the framework's documentation",
        ),
    ],
    ids=[
        "unknown-question",
        "unknown-option",
        "no-condition",
        "missing-text",
        "unknown-verdict",
        "missing-framework",
        "unofficial-tutorial",
    ],
)
def test_bad_alternatives_and_tutorials_are_rejected(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    directory = quiz_dir_with(tmp_path, DATA_DIR / "questions" / "02-admin.toml")
    (directory / name).write_text(content, encoding="utf-8")
    with pytest.raises(QuizDataError) as caught:
        load_quiz_from(directory)
    assert name in str(caught.value)
    assert expected in str(caught.value)


def test_links_must_resolve_to_real_pages_and_anchors() -> None:
    quiz = load_quiz()
    anchors = {
        link.partition("#")[0]: set()
        for question in quiz.questions
        for link in (option.link for option in question.options)
    }
    for question in quiz.questions:
        for option in question.options:
            anchors[option.link.partition("#")[0]].add(option.link.partition("#")[2])
    for alternative in quiz.alternatives:
        page, _, anchor = alternative.link.partition("#")
        anchors.setdefault(page, set()).add(anchor)
    check_links(quiz, anchors)  # complete: passes

    first = quiz.questions[0].options[0]
    page, _, anchor = first.link.partition("#")
    anchors[page].discard(anchor)
    with pytest.raises(QuizDataError) as caught:
        check_links(quiz, anchors)
    message = str(caught.value)
    assert f"question '{quiz.questions[0].id}', option '{first.id}', field 'link'" in message
    assert f"#{anchor}, which is not a heading anchor on {page}" in message

    del anchors[page]
    with pytest.raises(QuizDataError, match=f"links to '{page}', which is not a page"):
        check_links(quiz, anchors)
