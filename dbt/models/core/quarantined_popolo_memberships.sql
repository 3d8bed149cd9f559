-- Records of raw.popolo_memberships whose required reference does not resolve (macros/references.sql).
{{ unresolved_references('popolo_memberships') }}
