-- Records of raw.bill_sponsors whose required reference does not resolve (macros/references.sql).
{{ unresolved_references('bill_sponsors') }}
