"""Answers shown to people and programs: explanation trees, text, JSON, the decree reference,
and the English/Arabic message catalogue (with bidi isolation). Commands render through here;
nothing here runs a command."""
