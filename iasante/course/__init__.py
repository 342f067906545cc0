"""The course directory: where things are, how release/ is made, the learner's workspace."""

from iasante.course.layout import CourseLayout, find_course_root
from iasante.course.release import ReleaseError, generate_release, list_assignments
from iasante.course.workspace import SyncReport, sync_workspace

__all__ = [
    "CourseLayout",
    "ReleaseError",
    "SyncReport",
    "find_course_root",
    "generate_release",
    "list_assignments",
    "sync_workspace",
]
