"""Module-level functions that `grade batch`'s workers import in the kit's tests."""

import os

from grader.batch import grade_student


def grade_or_die(student, *args):
    """Grades as usual, except that a student named like `crash-*` takes the worker down, as a
    submission that escaped its sandbox could."""
    if student.name.startswith("crash"):
        os._exit(3)
    return grade_student(student, *args)
