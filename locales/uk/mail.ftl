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
