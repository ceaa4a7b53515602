"""Asking the people who were there: which authors to offer under an answer (`offers`), relaying a question to
one (`relay`), saving their reply as an answer (`saving`), and handing saved answers to the index (`provider`)."""
