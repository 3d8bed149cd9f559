{#-
    The key a bill or draft act is matched by its title. Real titles of one act differ in their quotes (« » " “ ”),
    case, white space (no-break spaces), dashes and a final full stop; a draft law is published as "Проект Закона
    Республики Казахстан «…»" (in Kazakh "«…» Қазақстан Республикасы Заңының жобасы"); the Senate appends the
    former title "(заголовок до принятия Мажилисом DD.MM.YYYY «…»)" (kk "(DD.MM.YYYY Мәжіліс қабылдағанға дейінгі
    тақырыбы «…»)"), and the Mazhilis marks "(депутаттар бастамашылық жасаған)". None of that tells two acts
    apart, so the key drops it; every word of the title itself is kept, so a title that differs by a word gets
    another key.
-#}
{% macro title_key(column) -%}
    nullif(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
        replace(lower({{ column }}), 'ё', 'е'),
        '\s*\((заголовок до принятия мажилисом|\d{2}\.\d{2}\.\d{4} мәжіліс қабылдағанға дейінгі).*$', ''),
        '\((депутаттар бастамашылық жасаған|инициирован[а-я]* депутатами)\)', '', 'g'),
        '[«»"“”„‟''‘’`]', '', 'g'),
        '[\s\x{00A0}]*[-‐‑–—][\s\x{00A0}]*', '-', 'g'),
        '[\s\x{00A0}]+', ' ', 'g'),
        '^ ?(проект (закона|кодекса) республики казахстан )?| (қазақстан республикасы(ның)? )?(заңының|кодексінің) жобасы[ .]*$|[ .;]+$',
        '', 'g'
    ), '')
{%- endmacro %}
