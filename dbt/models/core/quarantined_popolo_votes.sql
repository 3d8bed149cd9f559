-- Records of raw.popolo_votes whose required reference does not resolve (macros/references.sql).
{{ unresolved_references('popolo_votes') }}
