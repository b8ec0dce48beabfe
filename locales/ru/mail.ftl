# Почта: очередь для администраторов, подпись и сами письма.
action-view-mail-queue = Просмотр очереди почты
mail-queue-title = Почта, которая ждёт или не отправлена
mail-queue-kind = Вид
mail-queue-to = Кому
mail-queue-subject = Тема
mail-queue-status = Состояние
mail-queue-attempts = Попытки
mail-queue-error = Последняя ошибка
mail-queue-empty = Вся почта отправлена.
mail-status-queued = ждёт
mail-status-sending = отправляется
mail-status-sent = отправлено
mail-status-failed = не удалось
mail-footer = Это письмо отправил { $site }.
mail-kind-test = Пробное письмо
mail-kind-test-subject = Пробное письмо от { $site }
mail-kind-test-body = Если вы это читаете, почта от { $site } до вас доходит.
