#!/usr/bin/env python3
"""Golden renderings for the chat-template engine (tests/SharpAlign.Tests/ChatTemplates).

Renders with Jinja2 configured exactly as transformers' utils/chat_template_utils.py does:
ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True) with the loopcontrols
extension, a {% generation %} block rendered in place, globals raise_exception/strftime_now and
tojson overridden by json.dumps(ensure_ascii=False, ...). strftime_now uses a fixed clock
(2024-07-26 14:05:09) so the C# test can use the same one.

Writes, next to the templates in TestData/ChatTemplates:
  model_cases.jsonl      real model templates (*.jinja there) on a set of conversations
  construct_cases.jsonl  one small template per construct, filter, test and whitespace rule
  float_cases.jsonl      Python repr() and round() of doubles (bit patterns as integers)

Run: python3 tests/generators/chattemplates_golden.py   (needs jinja2 3.1; CI never runs it)
"""
import datetime
import json
import pathlib
import random
import struct

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.sandbox import ImmutableSandboxedEnvironment

DATA = pathlib.Path(__file__).resolve().parents[1] / "SharpAlign.Tests" / "TestData" / "ChatTemplates"
CLOCK = datetime.datetime(2024, 7, 26, 14, 5, 9)


class GenerationBlock(Extension):
    """transformers' {% generation %}: here only rendered in place (no assistant-mask tracking)."""
    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return nodes.CallBlock(self.call_method("_render", []), [], [], body).set_lineno(lineno)

    def _render(self, caller):
        return caller()


def make_env():
    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    def strftime_now(fmt):
        return CLOCK.strftime(fmt)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                        extensions=[GenerationBlock, jinja2.ext.loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


ENV = make_env()


def render(source, variables):
    """(expected, error, raised): the output, or the error message and whether raise_exception raised it."""
    try:
        return ENV.from_string(source).render(**variables), None, False
    except jinja2.exceptions.TemplateSyntaxError as e:
        return None, f"syntax: {e}", False
    except jinja2.exceptions.TemplateError as e:
        raised = type(e) is jinja2.exceptions.TemplateError
        return None, str(e), raised
    except Exception as e:  # TypeError, ZeroDivisionError, ... : the engine must fail too
        return None, f"{type(e).__name__}: {e}", False


def msg(role, content, **extra):
    return {"role": role, "content": content, **extra}


CONVERSATIONS = {
    "sys_user_assistant": [msg("system", "SYS"), msg("user", "Hi"), msg("assistant", "Hello")],
    "user_assistant_user": [msg("user", "What is 2+2?"), msg("assistant", "4"), msg("user", "And 3+3?")],
    "single_user": [msg("user", "Hello there")],
    "padded_content": [msg("user", "  \n  spaced question \n\n"), msg("assistant", "\tanswer with tab\t "), msg("user", "ok ")],
    "unicode_and_braces": [msg("system", "Be brief. {{ not a tag }} {% neither %}"), msg("user", "Grüße — 你好 🙂 \"quotes\" 'single'"),
                           msg("assistant", "Antwort: ✓")],
    "system_first_then_pairs": [msg("system", "You are terse."), msg("user", "A"), msg("assistant", "B"), msg("user", "C")],
    "not_alternating": [msg("user", "one"), msg("user", "two")],
    "assistant_first": [msg("assistant", "I start"), msg("user", "hmm")],
    "empty_content": [msg("user", ""), msg("assistant", "")],
}

TOOLS = [{"type": "function", "function": {"name": "get_weather", "description": "Weather for a city, in °C",
          "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"}},
                         "required": ["city"]}}}]

QWEN3_CONVERSATIONS = {
    "thinking_history": [msg("user", "Q1"), msg("assistant", "<think>\nreasoning one\n</think>\n\nA1"), msg("user", "Q2"),
                         msg("assistant", "<think>\nreasoning two\n</think>\n\nA2")],
    "reasoning_field": [msg("system", "S"), msg("user", "Q"), msg("assistant", "Answer", reasoning_content="because")],
    "tool_round_trip": [msg("user", "Weather in Paris?"),
                        msg("assistant", "", tool_calls=[{"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Paris", "days": 2}}}]),
                        msg("tool", "{\"temp\": 21}"), msg("tool", "sunny"), msg("assistant", "21 and sunny.")],
}

LLAMA32_CONVERSATIONS = {
    "tool_call": [msg("system", "Use tools."), msg("user", "Weather in Oslo?"),
                  msg("assistant", None, tool_calls=[{"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Oslo"}}}]),
                  msg("tool", {"temp": -3, "sky": "snow"}), msg("assistant", "Cold and snowy.")],
}

TOKENS = {
    "tinyllama-chat.jinja": {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>"},
    "qwen2-instruct.jinja": {"eos_token": "<|im_end|>", "pad_token": "<|endoftext|>"},
    "smollm2-instruct.jinja": {"bos_token": "<|im_start|>", "eos_token": "<|im_end|>", "unk_token": "<|endoftext|>", "pad_token": "<|im_end|>"},
    "llama3-instruct.jinja": {"bos_token": "<|begin_of_text|>", "eos_token": "<|eot_id|>"},
    "llama3.2-instruct.jinja": {"bos_token": "<|begin_of_text|>", "eos_token": "<|eot_id|>"},
    "mixtral-instruct.jinja": {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>"},
    "mistral-instruct-v0.1.jinja": {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>"},
    "gemma-it.jinja": {"bos_token": "<bos>", "eos_token": "<eos>", "unk_token": "<unk>", "pad_token": "<pad>"},
    "qwen3.jinja": {"eos_token": "<|im_end|>", "pad_token": "<|endoftext|>"},
}


def model_cases():
    cases = []
    for template, tokens in TOKENS.items():
        source = (DATA / template).read_text(encoding="utf-8")
        extras = [{}]
        if template == "llama3.2-instruct.jinja":
            extras = [{"date_string": "26 Jul 2024"}, {}, {"date_string": "01 Jan 2025", "tools": TOOLS}]
        if template == "qwen3.jinja":
            extras = [{}, {"enable_thinking": False}, {"tools": TOOLS}]
        conversations = dict(CONVERSATIONS)
        if template == "qwen3.jinja":
            conversations.update(QWEN3_CONVERSATIONS)
        if template == "llama3.2-instruct.jinja":
            conversations.update(LLAMA32_CONVERSATIONS)
        for conv_name, messages in conversations.items():
            for extra in extras:
                for agp in (False, True):
                    variables = {**tokens, **extra}
                    full = {"messages": messages, "tools": None, "documents": None, "add_generation_prompt": agp, **variables}
                    expected, error, raised = render(source, full)
                    cases.append({"name": f"{template}/{conv_name}/agp={agp}/{'+'.join(sorted(extra)) or 'plain'}",
                                  "template": template, "variables": variables, "messages": messages,
                                  "add_generation_prompt": agp, "expected": expected, "error": error, "raised": raised})
    return cases


# (name, template, context). Each exercises one construct, filter, test or whitespace rule.
CONSTRUCTS = [
    # text, output, comments, whitespace control
    ("text_only", "plain text\nsecond line", {}),
    ("trailing_newline_dropped", "line\n", {}),
    ("two_trailing_newlines", "line\n\n", {}),
    ("crlf_normalized", "a\r\nb\r\n{% if true %}\r\nc\r\n{% endif %}\r\n", {}),
    ("output_expr", "{{ 1 + 2 }}|{{ 'a' ~ 'b' }}|{{ x }}", {"x": "X"}),
    ("comment", "a{# a comment #}b", {}),
    ("comment_trim_blocks", "a\n{# c #}\nb", {}),
    ("comment_lstrip", "a\n    {# c #}\nb", {}),
    ("strip_left_output", "a   \n  {{- 'b' }}", {}),
    ("strip_right_output", "{{ 'a' -}}   \n  b", {}),
    ("strip_both_block", "x  \n {%- if true -%} \n  y  \n {%- endif -%}\n  z", {}),
    ("trim_blocks_after_block", "{% if true %}\nyes\n{% endif %}\nafter", {}),
    ("no_trim_after_output", "{{ 'a' }}\nb", {}),
    ("lstrip_blocks_indent", "start\n    {% if true %}\n    inside\n    {% endif %}\nend", {}),
    ("lstrip_not_after_text", "text {% if true %}x{% endif %}", {}),
    ("lstrip_tabs", "\t\t{% if true %}\n\tv\n\t\t{% endif %}\n", {}),
    ("plus_disables_lstrip", "    {%+ if true %}x{% endif %}", {}),
    ("plus_disables_trim", "{% if true +%}\nx{% endif %}", {}),
    ("indented_loop_template", "{%- for m in messages %}\n    {{- m }}\n    {%- if not loop.last %}\n        {{- ',' }}\n    {%- endif %}\n{%- endfor %}\n", {"messages": ["a", "b", "c"]}),
    ("lstrip_first_line", "   {% if true %}a{% endif %}", {}),
    ("line_starting_after_trim", "{% set x = 1 %}\n   {% set y = 2 %}\n{{ x + y }}", {}),
    ("output_lstrip_not_applied", "    {{ 'v' }}\n", {}),
    ("strip_python_whitespace", "a \x1c\u3000\n{%- if true -%}\u2028 \x1fb{% endif %}", {}),
    ("strip_with_newlines_in_tag", "a\n{%-\n if true\n-%}\nb{% endif %}", {}),
    # literals and operators
    ("string_escapes", "{{ 'a\\nb\\tc\\\\d\\'e' }}|{{ \"q\\\"q\" }}|{{ '\\u00e9\\x41' }}|{{ 'x\\dy' }}", {}),
    ("adjacent_strings", "{{ 'ab' 'cd' }}", {}),
    ("integers_floats", "{{ 7 // 2 }} {{ -7 // 2 }} {{ -7 % 3 }} {{ 7 / 2 }} {{ 4 / 2 }} {{ 2 ** 10 }} {{ 1_000 }} {{ 2.5e3 }} {{ 0.1 + 0.2 }} {{ 1e16 }} {{ 1.5e-5 }}", {}),
    ("float_repr", "{{ 1.0 }} {{ 100.0 }} {{ 123456789.125 }} {{ 1e15 }} {{ 0.0001 }} {{ -2.5 }} {{ 3 * 1.1 }}", {}),
    ("precedence", "{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ 2 ** 3 ** 2 }} {{ -2 ** 2 }} {{ 'a' + 'b' ~ 'c' }} {{ 10 - 2 - 3 }}", {}),
    ("filter_binds_tighter", "{{ '  a ' | trim + '|' }}{{ 'x' ~ ' b ' | trim }}", {}),
    ("unary_minus_filter", "{{ -3 | abs }} {{ - 2.5 | abs }}", {}),
    ("string_repeat", "{{ 'ab' * 3 }}|{{ 2 * 'c' }}|{{ [1] * 2 }}", {}),
    ("list_concat", "{{ [1, 2] + [3] }}", {}),
    ("comparisons", "{{ 1 < 2 }} {{ 2 <= 2 }} {{ 3 > 4 }} {{ 'a' < 'b' }} {{ 1 == 1.0 }} {{ true == 1 }} {{ 'a' != 'a' }} {{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }}", {}),
    ("and_or_not", "{{ true and 'x' }}|{{ false or 'y' }}|{{ not 0 }}|{{ '' or [] or 'z' }}|{{ 0 and 1 }}|{{ not not 'a' }}", {}),
    ("in_not_in", "{{ 'a' in 'cat' }} {{ 2 in [1, 2] }} {{ 'k' in {'k': 1} }} {{ 'z' not in 'cat' }} {{ 3 not in [3] }} {{ 'x' in undefined_var }}", {}),
    ("inline_if", "{{ 'yes' if flag else 'no' }}|{{ 'shown' if flag }}|{{ 'hidden' if not flag }}|", {"flag": True}),
    ("none_true_false", "{{ none }} {{ None }} {{ true }} {{ True }} {{ false }} {{ False }}", {}),
    ("list_dict_literals", "{{ [1, 'two', none, true, 2.5] }} {{ {'a': 1, 'b': [1, 2]} }} {{ (1, 'x') }} {{ (1,) }} {{ () }} {{ [] }} {{ {} }}", {}),
    ("repr_quotes", "{{ ['it\\'s', 'say \"hi\"', 'both \\' \"', 'tab\\t', 'nl\\n'] }}", {}),
    ("tuple_output", "{{ 1, 2 }}", {}),
    # names, attributes, items, slicing
    ("undefined_prints_empty", "[{{ missing }}]", {}),
    ("attr_falls_back_to_key", "{{ m.role }}:{{ m['content'] }}:{{ m.get('role') }}:{{ m.missing }}|", {"m": {"role": "user", "content": "hi"}}),
    ("dict_methods", "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}|{{ d.keys() | list }}|{{ d.values() | list }}|{{ d.get('zz', 'dflt') }}|{{ d.get('zz') }}", {"d": {"b": 1, "a": 2}}),
    ("negative_index", "{{ xs[-1] }} {{ xs[0] }} {{ 'abc'[1] }} {{ 'abc'[-1] }} [{{ xs[10] }}]", {"xs": [1, 2, 3]}),
    ("slicing", "{{ xs[1:] }} {{ xs[:2] }} {{ xs[::-1] }} {{ xs[::2] }} {{ xs[-2:] }} {{ xs[1:-1] }} {{ 'hello'[1:4] }} {{ 'hello'[::-1] }} {{ xs[5:] }} {{ xs[3:1:-1] }}", {"xs": [0, 1, 2, 3, 4]}),
    ("dot_integer_index", "{{ xs.0 }}{{ xs.1 }}", {"xs": ["a", "b"]}),
    ("nested_access", "{{ m.tool_calls[0].function.name }}|{{ m['tool_calls'][0]['function']['arguments'] | tojson }}", {"m": {"tool_calls": [{"function": {"name": "f", "arguments": {"x": 1}}}]}}),
    # for loops
    ("for_loop_vars", "{% for x in xs %}{{ loop.index }}{{ loop.index0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.revindex }}{{ loop.revindex0 }};{% endfor %}", {"xs": ["a", "b", "c"]}),
    ("for_else", "{% for x in xs %}{{ x }}{% else %}empty{% endfor %}", {"xs": []}),
    ("for_filter", "{% for x in xs if x > 1 %}{{ x }}{{ loop.index }}{{ loop.length }} {% endfor %}", {"xs": [1, 2, 3, 0, 5]}),
    ("for_dict", "{% for k in d %}{{ k }}{% endfor %}|{% for k, v in d | items %}{{ k }}{{ v }}{% endfor %}", {"d": {"x": 1, "y": 2}}),
    ("for_string", "{% for c in 'héllo' %}[{{ c }}]{% endfor %}", {}),
    ("for_undefined", "{% for x in nothing %}{{ x }}{% else %}none{% endfor %}", {}),
    ("for_unpack", "{% for a, b in [[1, 2], [3, 4]] %}{{ a }}-{{ b }} {% endfor %}{% for (a, b) in [(5, 6)] %}{{ a + b }}{% endfor %}", {}),
    ("loop_scope", "{% set x = 5 %}{% for i in [1, 2] %}{{ x }}{% set x = i %}{{ x }}{% endfor %}[{{ x }}]", {}),
    ("loop_prev_next", "{% for x in [1, 2, 3] %}{{ loop.previtem }}<{{ x }}>{{ loop.nextitem }}|{% endfor %}", {}),
    ("loop_cycle", "{% for x in range(5) %}{{ loop.cycle('a', 'b') }}{% endfor %}", {}),
    ("nested_loops", "{% for a in [1, 2] %}{% for b in ['x', 'y'] %}{{ a }}{{ b }}{{ loop.index }}{% endfor %}{{ loop.index }} {% endfor %}", {}),
    ("break_continue", "{% for x in range(10) %}{% if x == 2 %}{% continue %}{% endif %}{% if x == 5 %}{% break %}{% endif %}{{ x }}{% endfor %}", {}),
    ("reverse_slice_loop", "{% for m in messages[::-1] %}{{ loop.index0 }}{{ m }}{% endfor %}", {"messages": ["a", "b", "c"]}),
    # if / set / namespace / macro / call
    ("if_elif_else", "{% for n in [1, 2, 3] %}{% if n == 1 %}one{% elif n == 2 %}two{% else %}many{% endif %} {% endfor %}", {}),
    ("set_and_reassign", "{% set a = 1 %}{% set a = a + 1 %}{{ a }}{% set b, c = 3, 4 %}{{ b }}{{ c }}", {}),
    ("set_in_if_leaks", "{% if true %}{% set y = 'inner' %}{% endif %}{{ y }}", {}),
    ("set_messages", "{% set messages = messages[1:] %}{{ messages | length }}", {"messages": [1, 2, 3]}),
    ("block_set", "{% set captured %}A{{ 1 + 1 }}B{% endset %}[{{ captured }}]{% set t | upper %} x {% endset %}[{{ t }}]", {}),
    ("namespace", "{% set ns = namespace(found=false, n=0) %}{% for x in [1, 2, 3] %}{% if x == 2 %}{% set ns.found = true %}{% endif %}{% set ns.n = ns.n + x %}{% endfor %}{{ ns.found }} {{ ns.n }}", {}),
    ("namespace_new_attr", "{% set ns = namespace() %}{% set ns.x = 'v' %}{{ ns.x }}", {}),
    ("macro", "{% macro greet(name, punct='!') %}Hi {{ name }}{{ punct }}{% endmacro %}{{ greet('A') }} {{ greet('B', '?') }} {{ greet(name='C', punct='.') }}", {}),
    ("macro_sees_outer", "{% set who = 'outer' %}{% macro m() %}{{ who }}{% endmacro %}{{ m() }}", {}),
    ("call_block", "{% macro wrap() %}<{{ caller() }}>{% endmacro %}{% call wrap() %}inside{% endcall %}", {}),
    ("generation_block", "{% for m in ['a', 'b'] %}{% generation %}{{ m }}{% endgeneration %}{% endfor %}", {}),
    # globals
    ("range_forms", "{{ range(3) | list }} {{ range(1, 4) | list }} {{ range(10, 0, -3) | list }} {{ range(0) | list }}", {}),
    ("dict_global", "{{ dict(a=1, b='x') }} {{ dict({'z': 0}, y=2) }}", {}),
    ("strftime_now", "{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%Y-%m-%d %H:%M:%S %A %B %j %I%p %y %a') }}", {}),
    ("raise_exception", "{% if x %}{{ raise_exception('Bad role: ' ~ x) }}{% endif %}ok", {"x": "tool"}),
    # string methods
    ("str_strip_family", "[{{ s.strip() }}][{{ s.lstrip() }}][{{ s.rstrip() }}][{{ 'xxhixx'.strip('x') }}][{{ '\\n\\nA\\n'.lstrip('\\n') }}]", {"s": "  \t pad \n "}),
    ("str_split", "{{ 'a,b,,c'.split(',') }} {{ '  a  b  '.split() }} {{ 'a b c'.split(' ', 1) }} {{ 'x</think>y</think>z'.split('</think>')[-1] }} {{ 'a,b,c'.rsplit(',', 1) }}", {}),
    ("str_start_end", "{{ s.startswith('<tool') }} {{ s.endswith('>') }} {{ s.startswith(('x', '<')) }} {{ s.endswith('no') }}", {"s": "<tool_response>"}),
    ("str_case", "{{ 'hello world-x'.title() }} {{ 'ABC'.lower() }} {{ 'abc'.upper() }} {{ 'hELLO'.capitalize() }}", {}),
    ("str_replace_find", "{{ 'aaa'.replace('a', 'b') }} {{ 'aaa'.replace('a', 'b', 2) }} {{ 'hello'.find('l') }} {{ 'hello'.rfind('l') }} {{ 'hello'.count('l') }} {{ 'x'.find('z') }}", {}),
    ("str_format", "{{ '{} and {}'.format('a', 1) }} {{ '{0}{1}{0}'.format('x', 'y') }} {{ 'Hi {name}!'.format(name='Bo') }} {{ '{{}} {}'.format(2) }} {{ '{!r}'.format('q') }}", {}),
    ("str_join_method", "{{ ', '.join(['a', 'b']) }}", {}),
    ("str_predicates", "{{ '123'.isdigit() }} {{ 'ab'.isalpha() }} {{ ' '.isspace() }} {{ 'ab'.islower() }} {{ 'AB'.isupper() }} {{ ''.isdigit() }}", {}),
    ("str_splitlines", "{{ 'a\\nb\\r\\nc'.splitlines() }}", {}),
    # filters
    ("filter_trim", "[{{ '  x  ' | trim }}][{{ 'xxaxx' | trim('x') }}][{{ undefined_thing | trim }}]", {}),
    ("filter_length", "{{ 'héllo' | length }} {{ [1, 2] | length }} {{ {'a': 1} | count }} {{ nothing | length }} {{ '🙂x' | length }}", {}),
    ("filter_tojson", "{{ v | tojson }}", {"v": {"s": "é\"\\\n\t\u0001/<>&'", "n": [1, 2.5, True, None], "e": {}, "l": [], "u": "🙂"}}),
    ("filter_tojson_indent", "{{ v | tojson(indent=4) }}|{{ v | tojson(indent=2) }}|{{ [] | tojson(indent=2) }}", {"v": {"a": [1, {"b": None}], "c": "x"}}),
    ("filter_tojson_options", "{{ v | tojson(sort_keys=true) }}|{{ v | tojson(separators=(',', ':')) }}|{{ 'é' | tojson(ensure_ascii=true) }}", {"v": {"b": 1, "a": [2, 3]}}),
    ("filter_tojson_scalars", "{{ 'x' | tojson }} {{ 1 | tojson }} {{ 1.5 | tojson }} {{ none | tojson }} {{ true | tojson }} {{ (1, 2) | tojson }} {{ {1: 'a', true: 'b', none: 'c'} | tojson }}", {}),
    ("filter_case", "{{ 'Ab' | upper }} {{ 'Ab' | lower }} {{ 'hello wORLD-x(y' | title }} {{ 'hELLO' | capitalize }}", {}),
    ("filter_default", "{{ missing | default('d') }} {{ missing | d('e') }} {{ '' | default('f') }} {{ '' | default('g', true) }} {{ none | default('h') }} {{ 0 | default('i', boolean=true) }}", {}),
    ("filter_join", "{{ [1, 2, 3] | join('-') }} {{ ['a', 'b'] | join }} {{ users | join(', ', attribute='name') }}", {"users": [{"name": "x"}, {"name": "y"}]}),
    ("filter_first_last", "{{ [1, 2, 3] | first }} {{ [1, 2, 3] | last }} {{ 'abc' | first }} [{{ [] | first }}]", {}),
    ("filter_list_string", "{{ 'ab' | list }} {{ {'k': 1} | list }} {{ 12 | string }} {{ none | string }} {{ [1, 'a'] | string }}", {}),
    ("filter_int_float", "{{ '42' | int }} {{ '3.9' | int }} {{ 'x' | int }} {{ 'x' | int(7) }} {{ 3.99 | int }} {{ 'ff' | int(base=16) }} {{ '2.5' | float }} {{ 'y' | float }} {{ 3 | float }} {{ true | int }}", {}),
    ("filter_abs_round", "{{ -5 | abs }} {{ -2.5 | abs }} {{ 2.5 | round }} {{ 3.14159 | round(2) }} {{ 2.1 | round(method='ceil') }} {{ 2.9 | round(0, 'floor') }} {{ -2.5 | round }} {{ 7 | round }}", {}),
    ("filter_replace", "{{ 'a-b-c' | replace('-', '+') }} {{ 'a-b-c' | replace('-', '', 1) }}", {}),
    ("filter_selectattr", "{{ ms | selectattr('role', 'equalto', 'user') | map(attribute='content') | list }} {{ ms | rejectattr('role', 'eq', 'user') | list | length }} {{ ms | selectattr('flag') | map(attribute='content') | join(',') }} {{ ms | selectattr('role', 'in', ['system', 'tool']) | list | length }}", {"ms": [{"role": "user", "content": "u1", "flag": True}, {"role": "assistant", "content": "a1"}, {"role": "user", "content": "u2"}, {"role": "system", "content": "s"}]}),
    ("filter_select_reject", "{{ [1, 2, 3, 4] | select('odd') | list }} {{ [1, 2, 3, 4] | reject('even') | list }} {{ [0, 1, '', 'a'] | select | list }} {{ [1, 5, 9] | select('gt', 4) | list }} {{ range(10) | select('divisibleby', 3) | list }}", {}),
    ("filter_map", "{{ ['a', 'b'] | map('upper') | list }} {{ ms | map(attribute='x.y') | list }} {{ ms | map(attribute='z', default='-') | list }} {{ [' a ', 'b '] | map('trim') | join('|') }} {{ ['1', '2'] | map('int') | sum }}", {"ms": [{"x": {"y": 1}}, {"x": {"y": 2}}]}),
    ("filter_items_dictsort", "{{ d | items | list }} {{ d | dictsort }} {{ d | dictsort(reverse=true) }} {{ d | dictsort(by='value') }}", {"d": {"b": 2, "a": 3, "C": 1}}),
    ("filter_indent", "[{{ 'a\\nb\\n\\nc' | indent }}][{{ 'a\\nb' | indent(2, true) }}][{{ 'a\\n\\nb' | indent(2, blank=true) }}][{{ 'x\\ny' | indent('> ') }}]", {}),
    ("filter_unique_sort", "{{ ['a', 'A', 'b', 'a'] | unique | list }} {{ ['a', 'A'] | unique(case_sensitive=true) | list }} {{ [3, 1, 2] | sort }} {{ ['b', 'A', 'c'] | sort }} {{ [3, 1, 2] | sort(reverse=true) }} {{ ms | sort(attribute='n') | map(attribute='n') | list }}", {"ms": [{"n": 2}, {"n": 1}]}),
    ("filter_reverse_sum_minmax", "{{ 'abc' | reverse }} {{ [1, 2, 3] | reverse | list }} {{ [1, 2, 3] | sum }} {{ [1, 5, 3] | max }} {{ [4, 2, 8] | min }} {{ ms | sum(attribute='n') }}", {"ms": [{"n": 2}, {"n": 5}]}),
    ("filter_chain", "{{ '  Mixed Case  ' | trim | lower | replace(' ', '_') | length }}", {}),
    # tests
    ("test_defined", "{{ x is defined }} {{ y is defined }} {{ y is undefined }} {{ x is not defined }} {{ not y is defined }}", {"x": None}),
    ("test_types", "{{ 'a' is string }} {{ 1 is string }} {{ 1 is number }} {{ 1.5 is number }} {{ true is number }} {{ 1 is integer }} {{ 1.0 is integer }} {{ 1.0 is float }} {{ true is boolean }} {{ none is none }} {{ 0 is none }}", {}),
    ("test_containers", "{{ {} is mapping }} {{ [] is mapping }} {{ [] is iterable }} {{ 'a' is iterable }} {{ 1 is iterable }} {{ [] is sequence }} {{ 'a' is sequence }} {{ {} is sequence }} {{ m.content is iterable }} {{ m.content is mapping }}", {"m": {"content": [{"type": "text", "text": "hi"}]}}),
    ("test_true_false", "{{ true is true }} {{ 1 is true }} {{ false is false }} {{ 0 is false }}", {}),
    ("test_numbers", "{{ 3 is odd }} {{ 3 is even }} {{ 4 is even }} {{ 9 is divisibleby 3 }} {{ 9 is divisibleby(4) }}", {}),
    ("test_compare", "{{ 1 is eq 1 }} {{ 'a' is equalto 'a' }} {{ 1 is ne 2 }} {{ 3 is gt 2 }} {{ 3 is lt 2 }} {{ 2 is ge 2 }} {{ 2 is le 1 }} {{ 'a' is in 'cat' }} {{ 5 is in [1, 2] }}", {}),
    ("test_lower_upper", "{{ 'abc' is lower }} {{ 'aBc' is lower }} {{ 'ABC' is upper }}", {}),
    ("test_callable_sameas", "{{ range is callable }} {{ 'x' is callable }} {{ none is sameas none }} {{ true is sameas true }}", {}),
    # errors that must fail (not render something)
    ("error_undefined_attribute", "{{ foo.bar }}", {}),
    ("error_undefined_item", "{{ foo['bar'] }}", {}),
    ("error_missing_then_attr", "{{ d.x.y }}", {"d": {}}),
    ("error_add_str_int", "{{ 'a' + 1 }}", {}),
    ("error_add_undefined", "{{ x + 'a' }}", {}),
    ("error_divide_by_zero", "{{ 1 / 0 }}", {}),
    ("error_not_iterable", "{% for x in 5 %}{% endfor %}", {}),
    ("error_compare_types", "{{ 1 < 'a' }}", {}),
    ("error_tojson_undefined", "{{ nothing | tojson }}", {}),
    ("error_immutable_append", "{% set xs = [1] %}{{ xs.append(2) }}", {}),
    ("error_call_non_callable", "{{ 'x'() }}", {}),
]


def construct_cases():
    cases = []
    for name, template, context in CONSTRUCTS:
        expected, error, raised = render(template, context)
        cases.append({"name": name, "template": template, "variables": context, "expected": expected, "error": error, "raised": raised})
    return cases


def float_cases():
    """Python's repr of doubles (bit patterns as hex) and round(x, n), for the float formatting tests."""
    rng = random.Random(1234)
    values = [0.5, 2.5, -2.5, 0.125, 2.675, 1e16, 1e15, 9999999999999998.0, 1e-4, 1e-5, 123.456, 5e-324, 1.7976931348623157e308, 0.1, 1 / 3]
    for _ in range(300):
        kind = rng.randrange(4)
        if kind == 0:
            values.append(rng.uniform(-1000, 1000))
        elif kind == 1:
            values.append(rng.random() * 10 ** rng.randint(-30, 30))
        elif kind == 2:
            values.append(round(rng.uniform(-100, 100), rng.randint(0, 4)))
        else:
            values.append(struct.unpack("<d", struct.pack("<Q", rng.getrandbits(62)))[0])
    rows = []
    for v in values:
        n = rng.randint(0, 4)
        rows.append({"bits": struct.unpack("<Q", struct.pack("<d", v))[0], "repr": repr(v), "ndigits": n, "round": repr(round(v, n))})
    return rows


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    print("jinja2", jinja2.__version__)
    models = model_cases()
    constructs = construct_cases()
    write_jsonl(DATA / "model_cases.jsonl", models)
    write_jsonl(DATA / "construct_cases.jsonl", constructs)
    write_jsonl(DATA / "float_cases.jsonl", float_cases())
    print(f"{len(models)} model cases ({sum(c['error'] is not None for c in models)} errors), "
          f"{len(constructs)} construct cases ({sum(c['error'] is not None for c in constructs)} errors)")
