// Package template renders Hugging Face chat templates as transformers'
// apply_chat_template does: the Jinja subset chat templates use, evaluated
// with Python Jinja2's semantics and transformers' settings (trim_blocks,
// lstrip_blocks, loop controls, its tojson, raise_exception, strftime_now).
//
// Values follow Python: None, True and False print as Python prints them,
// dicts keep their key order (FromJSON keeps the order of a JSON object),
// strings index by character. A template that calls raise_exception gives
// an *Error with Raised set and the template's own message.
//
// Macros are supported with their defaults, keyword arguments and
// recursion (gpt-oss's template renders tool schemas so), without
// caller, varargs and kwargs. Not supported, refused at Parse: call
// blocks, block set, recursive loops, include and extends.
package template
