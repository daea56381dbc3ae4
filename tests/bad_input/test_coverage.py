"""The bad-input tests as a whole cover every command and every reader: each command of the CLI and
each public reader function has tests feeding it hostile input, listed here. A command or reader
added without such a test, or a listed test renamed away, fails this file."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]

# command -> tests (file::function) that give it bad input and check the error contract
COMMANDS = {
    "segment": [
        "test_cli_errors.py::test_bad_input_through_the_entry_point",
        "bad_input/test_reader_metadata.py::test_plain_text_not_utf8_names_the_line",
        "bad_input/test_commands.py::test_segment_of_a_binary_file",
    ],
    "align": [
        "bad_input/test_json_text.py::test_bad_second_line",
        "bad_input/test_corpus_ids.py::test_an_id_that_cannot_be_a_file_name",
        "bad_input/test_swapped_sides.py::test_swapped_files",
        "bad_input/test_environment.py::test_report_format_variable_does_not_reach_align",
        "bad_input/test_long_sentences.py::test_a_70k_word_line_aligns_with_its_translation",
        "bad_input/test_cache.py::test_corrupt_cache_is_moved_aside_and_rebuilt",
        "bad_input/test_interrupt.py::test_ctrl_c_while_workers_embed",
        "bad_input/test_commands.py::test_align_of_a_directory",
    ],
    "qa": [
        "bad_input/test_reader_metadata.py::test_tmx_malformed_sentence_ids",
        "bad_input/test_json_text.py::test_bad_second_line",
        "bad_input/test_update_ignore.py::test_report_failing_halfway_leaves_the_ignore_file",
        "bad_input/test_swapped_sides.py::test_swapped_fields_on_one_corpus_line",
        "bad_input/test_environment.py::test_qa_names_the_variable_and_its_value",
        "bad_input/test_cache.py::test_cache_folder_under_a_regular_file",
        "cli_qa/test_cli_qa_bad_input.py::test_bad_config_file",
    ],
    "score": [
        "test_cli_errors.py::test_bad_input_through_the_entry_point",
        "cli_qa/test_cli_qa_score_glossary.py::test_score_line_count_mismatch",
        "bad_input/test_commands.py::test_score_reference_not_utf8_names_its_line",
    ],
    "glossary check": [
        "cli_qa/test_cli_qa_score_glossary.py::test_glossary_check_unreadable_exit_2",
        "bad_input/test_commands.py::test_glossary_check_tbx_with_a_language_section_without_language",
    ],
    "glossary build": [
        "bad_input/test_json_text.py::test_bad_second_line",
        "bad_input/test_swapped_sides.py::test_swapped_files",
        "bad_input/test_environment.py::test_model_variable_named_by_align_and_glossary_build",
        "termex/test_glossary_cli.py::test_build_bad_input_is_one_line_exit_2",
    ],
    "glossary merge": [
        "bad_input/test_reader_metadata.py::test_glossary_merge_into_a_glossary_with_a_repeated_column",
        "termex/test_termex_formats.py::test_malformed_candidates_raise_input_error_with_line",
    ],
    "config show": [
        "bad_input/test_reader_metadata.py::test_config_syntax_error_names_the_line",
        "bad_input/test_reader_metadata.py::test_config_nested_too_deeply",
        "cli_qa/test_cli_qa_config.py::test_config_show_reports_bad_config_in_one_line",
    ],
    "models list": [
        "bad_input/test_reader_metadata.py::test_model_manifest_not_utf8",
        "test_cli_errors.py::test_bad_input_through_the_entry_point",
    ],
    "models install": [
        "test_models.py::test_cli_errors_are_one_line",
        "test_models.py::test_install_fails_cleanly_on_corrupt_chunk",
    ],
    "models verify": [
        "test_cli_errors.py::test_bad_input_through_the_entry_point",
        "test_models.py::test_verify_detects_changed_content_of_same_size",
    ],
    "models path": [
        "test_cli_errors.py::test_bad_input_through_the_entry_point",
        "bad_input/test_commands.py::test_models_path_of_a_name_that_is_a_path",
    ],
}

# module -> reader -> tests giving it malformed input (its metadata included)
READERS = {
    "bitext.io.text": {
        "read_text": [
            "bad_input/test_reader_metadata.py::test_plain_text_in_utf16_says_so",
        ],
        "read_bytes": [
            "test_cli_errors.py::test_bad_input_in_process",
            "bad_input/test_commands.py::test_align_of_a_directory",
        ],
    },
    "bitext.io.corpus": {
        "read_pair": [
            "bad_input/test_swapped_sides.py::test_swapped_files",
        ],
        "read_pair_lines": [  # what bitext qa reads two text files with (read_pair is it without the lines)
            "bad_input/test_swapped_sides.py::test_swapped_files",
        ],
        "JsonlCorpus": [
            "bad_input/test_corpus_ids.py::test_an_id_that_is_not_a_string",
            "bad_input/test_json_text.py::test_bad_second_line",
        ],
        "read_jsonl_corpus": [
            "bad_input/test_json_text.py::test_library_corpus_reader",
        ],
    },
    "bitext.io.alignment_formats": {
        "read_beads": [
            "bad_input/test_reader_metadata.py::test_beads_reader",
        ],
        "read_tsv": [
            "bad_input/test_reader_metadata.py::test_alignment_tsv_reader",
            "bad_input/test_json_text.py::test_alignment_readers_reject_surrogates",
        ],
        "read_jsonl": [
            "bad_input/test_reader_metadata.py::test_alignment_jsonl_reader",
        ],
        "read_tmx": [
            "bad_input/test_reader_metadata.py::test_tmx_reader_library",
            "bad_input/test_reader_metadata.py::test_tmx_unit_variant_without_language",
        ],
    },
    "bitext.io.xliff": {
        "read_xliff": [
            "bad_input/test_reader_metadata.py::test_xliff_declaring_other_languages",
            "cli_qa/test_cli_qa_library.py::test_xliff_errors",
        ],
        "read_xliff_file": [
            "bad_input/test_reader_metadata.py::test_xliff_declaring_other_languages",
        ],
    },
    "bitext.glossary.files": {
        "read_glossary": [
            "bad_input/test_reader_metadata.py::test_glossary_with_a_repeated_column",
            "bad_input/test_reader_metadata.py::test_tbx_language_section_without_language",
        ],
    },
    "bitext.qa.ignore": {
        "read_ignore": [
            "bad_input/test_reader_metadata.py::test_ignore_file_entry_that_is_not_a_fingerprint",
        ],
    },
    "bitext.config": {
        "load_config": [
            "bad_input/test_reader_metadata.py::test_config_syntax_error_names_the_line",
            "cli_qa/test_cli_qa_config.py::test_config_errors_name_file_and_key",
        ],
    },
    "bitext.io.inputs": {
        "load_inputs": [
            "bad_input/test_swapped_sides.py::test_tmx_with_swapped_variants",
            "bad_input/test_reader_metadata.py::test_xliff_declaring_other_languages",
        ],
    },
    "bitext.glossary.merge": {
        "read_candidates_tsv": [
            "termex/test_termex_formats.py::test_malformed_candidates_raise_input_error_with_line",
        ],
    },
    "bitext.termex.formats": {
        "read_glossary_pairs": [
            "termex/test_termex_formats.py::test_read_glossary_pairs_reports_a_bad_glossary_with_its_line",
        ],
    },
    "bitext.models.catalog": {
        "load_manifest": [
            "bad_input/test_reader_metadata.py::test_model_manifest_not_utf8",
            "test_models.py::test_bad_manifests_are_model_errors",
        ],
        "read_marker": [
            "bad_input/test_commands.py::test_a_malformed_install_marker_means_not_verified",
        ],
    },
}


def _test_functions(relative: str) -> set[str]:
    tree = ast.parse((TESTS / relative).read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def _all_listed() -> list[str]:
    return [t for tests in COMMANDS.values() for t in tests] + \
           [t for readers in READERS.values() for tests in readers.values() for t in tests]


def test_every_command_is_listed(cli_command_names):
    assert cli_command_names == sorted(COMMANDS)


def test_every_reader_is_listed():
    """Every public function or class named read_*, load_* or *Corpus in the reading modules."""
    for module_name, listed in READERS.items():
        module = importlib.import_module(module_name)
        readers = {name for name, value in vars(module).items()
                   if (inspect.isfunction(value) or inspect.isclass(value)) and value.__module__ == module_name
                   and (name.startswith(("read_", "load_")) or name.endswith("Corpus"))}
        assert readers == set(listed), module_name


def test_every_listed_test_exists():
    for entry in _all_listed():
        relative, function = entry.split("::")
        assert function in _test_functions(relative), entry
