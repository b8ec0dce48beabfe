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

# Сброс пароля.
reset-forgot-link = Забыли пароль?
reset-title = Сброс пароля
reset-explain = Введите имя пользователя или адрес e-mail. Если такая учётная запись есть, мы отправим на её адрес ссылку, чтобы выбрать новый пароль.
reset-submit = Отправить ссылку
reset-sent = Если введённое соответствует учётной записи, ссылка для выбора нового пароля уже идёт на её адрес e-mail. Ссылка действует один раз в течение часа.
reset-new-title = Выберите новый пароль
reset-new-submit = Сохранить новый пароль
reset-link-invalid = Эта ссылка уже использована, устарела или неполна. Запросите новую.
reset-again = Запросить новую ссылку
reset-done = Пароль изменён, все сеансы завершены. Войдите с новым паролем.
mail-reset = Сброс пароля
mail-reset-subject = Сброс пароля на { $site }
mail-reset-body = Здравствуйте, { $name }! Кто-то (надеемся, вы) попросил сбросить пароль вашей учётной записи на { $site }. Ссылка ниже действует один раз в течение часа.
mail-reset-note = Если это были не вы, не обращайте внимания на это письмо: пароль остаётся прежним.
mail-reset-action = Выбрать новый пароль
