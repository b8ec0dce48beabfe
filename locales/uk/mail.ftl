# Пошта: черга для адміністраторів, підпис і самі листи.
action-view-mail-queue = Перегляд черги пошти
mail-queue-title = Пошта, що чекає або не надіслана
mail-queue-kind = Вид
mail-queue-to = Кому
mail-queue-subject = Тема
mail-queue-status = Стан
mail-queue-attempts = Спроби
mail-queue-error = Остання помилка
mail-queue-empty = Усю пошту надіслано.
mail-status-queued = чекає
mail-status-sending = надсилається
mail-status-sent = надіслано
mail-status-failed = не вдалося
mail-footer = Цей лист надіслав { $site }.
mail-kind-test = Пробний лист
mail-kind-test-subject = Пробний лист від { $site }
mail-kind-test-body = Якщо ви це читаєте, пошта від { $site } до вас доходить.

# Скидання пароля.
reset-forgot-link = Забули пароль?
reset-title = Скидання пароля
reset-explain = Введіть ім’я користувача або адресу e-mail. Якщо такий обліковий запис є, ми надішлемо на його адресу посилання, щоб вибрати новий пароль.
reset-submit = Надіслати посилання
reset-sent = Якщо введене відповідає обліковому запису, посилання для вибору нового пароля вже йде на його адресу e-mail. Посилання діє один раз протягом години.
reset-new-title = Виберіть новий пароль
reset-new-submit = Зберегти новий пароль
reset-link-invalid = Це посилання вже використане, застаріло або неповне. Попросіть нове.
reset-again = Попросити нове посилання
reset-done = Пароль змінено, усі сеанси завершено. Увійдіть з новим паролем.
mail-reset = Скидання пароля
mail-reset-subject = Скидання пароля на { $site }
mail-reset-body = Вітаємо, { $name }! Хтось (сподіваємося, ви) попросив скинути пароль вашого облікового запису на { $site }. Посилання нижче діє один раз протягом години.
mail-reset-note = Якщо це були не ви, не зважайте на цей лист: пароль лишається тим самим.
mail-reset-action = Вибрати новий пароль
