# Служба поддержки

role-agent = агент поддержки
role-arbitrator = арбитр
action-work-desk = Работа с запросами в поддержку
action-manage-desk = Управление службой поддержки

desk-nav = Служба поддержки
desk-footer-support = Поддержка
desk-footer-contacts = Контакты

desk-status-new = Новый
desk-status-pending = Ждёт поддержку
desk-status-waiting = Ждёт вас
desk-status-resolved = Решён
desk-status-archived = В архиве

desk-home-title = Мои запросы в поддержку
desk-my-open = Открытые запросы
desk-my-archive = Архив
desk-none-open = У вас нет открытых запросов.
desk-none-archived = В архиве ничего нет.
desk-anon-intro = Напишите в поддержку из своего аккаунта или без него, если потеряли доступ: мы пришлём ссылку для подтверждения, а затем номер и ключ для отслеживания.

desk-new-title = Написать в поддержку
desk-new-intro = Выберите службу, к которой относится ваш вопрос. Телефоны и часы работы — на странице контактов.
desk-field-service = Служба
desk-field-service-choose = Выберите службу
desk-field-subject = Тема
desk-field-body = Ваш вопрос
desk-field-answers = Куда присылать ответы?
desk-answers-account = В аккаунт
desk-answers-email-too = В аккаунт и на почту
desk-field-email = Ваш адрес электронной почты
desk-email-hint = Мы отправим на этот адрес ссылку для подтверждения; запрос будет создан, когда вы её откроете.
desk-send = Отправить
desk-send-anyway = Всё равно отправить
desk-suggest-title = Возможно, эти инструкции уже отвечают на ваш вопрос
desk-suggest-still = Если ни одна не помогла, отправьте запрос ниже.
desk-solved-it = Это помогло

desk-sent-title = Проверьте почту
desk-sent-text = Если адрес верный, ссылка для подтверждения уже в пути. Запрос будет создан, когда вы её откроете.

desk-confirm-title = Подтвердите запрос
desk-confirm-text = Нажмите кнопку, чтобы отправить запрос в поддержку.
desk-confirm-button = Отправить запрос
desk-filed-title = Ваш запрос создан
desk-credentials-once = Сохраните номер и ключ: ключ показан только сейчас (мы также отправили его на почту). Оба нужны, чтобы следить за запросом.
desk-field-number = Номер запроса
desk-field-key = Ключ доступа
desk-open-request = Открыть мой запрос

desk-track-title = Следить за запросом
desk-track-open = Открыть
desk-err-track = Неверный номер или ключ.

desk-request-number = Запрос { $n }
desk-from-support = Поддержка
desk-from-you = Вы
desk-archived-note = Этот запрос в архиве. Если проблема вернулась, достаньте его из архива, чтобы написать снова.
desk-unarchive = Достать из архива
desk-reopen = Проблема не решена
desk-field-reply = Ваш ответ
desk-send-reply = Отправить ответ
desk-merged-note = Этот запрос объединён с запросом { $n }.

desk-flash-filed = Ваш запрос создан.
desk-flash-sent = Отправлено.
desk-flash-reopened = Запрос снова открыт.
desk-flash-done = Готово.
desk-flash-proposed = Ответ предложен как изменение инструкции и ждёт проверки.
desk-flash-guide-saved = Ответ сохранён в инструкции.

desk-err-service = Выберите одну из служб.
desk-err-subject-short = Напишите тему хотя бы из 3 символов.
desk-err-archived = Сначала достаньте запрос из архива.
desk-err-merged = Этот запрос объединён с другим.
desk-err-not-closed = Запрос ещё открыт.
desk-err-closed = Запрос уже решён.
desk-err-assignee = Этот участник не отвечает в этой службе.
desk-err-merge-target = Укажите номер другого запроса того же автора в ваших службах.
desk-err-guide-title = Дайте инструкции правильное название.
desk-err-required = Это поле обязательно.
desk-err-slug = Используйте строчные латинские буквы, цифры и дефисы (до 32).
desk-err-slug-taken = У другой службы уже есть это короткое название.
desk-err-role = Выберите, кто отвечает в службе.
desk-err-minutes = Укажите число минут от 1 до 525600.
desk-err-number = Укажите целое число.

desk-all-services = Все мои службы
desk-open-statuses = Открытые (новые и ожидающие)
desk-field-status = Состояние
desk-field-assigned = Ответственный
desk-assigned-any = Любой
desk-assigned-me = Я
desk-assigned-none = Никто
desk-filter = Показать
desk-col-number = №
desk-col-assignee = Ответственный
desk-by-email = по почте
desk-queue-empty = Здесь ничего не ждёт.
desk-stats-title = Время ответа
desk-col-target = Цель
desk-col-answered = С ответом
desk-col-median-first = Медиана первого ответа
desk-col-within = В срок
desk-col-median-resolution = Медиана решения
desk-col-deflected = Решено инструкциями
desk-minutes = { $n ->
    [one] { $n } минута
    [few] { $n } минуты
    [many] { $n } минут
   *[other] { $n } минуты
}
desk-percent = { $n }%
desk-none = —

desk-first-response = Первый ответ
desk-resolution = Решение
desk-note = Внутренняя заметка
desk-requester = Автор запроса
desk-proposal-link = предложение к инструкции
desk-to-guide = Превратить ответ в инструкцию
desk-guide-title = Название инструкции
desk-guide-summary = Описание изменения
desk-guide-summary-default = Из запроса в поддержку { $n }
desk-canned = Шаблоны ответов
desk-canned-insert = Вставить
desk-add-note = Добавить внутреннюю заметку
desk-assign-to = Назначить
desk-assign-me = мне
desk-assign = Назначить
desk-change-service = Перенести
desk-merge-into = Объединить с запросом №
desk-merge = Объединить
desk-resolve = Решено

desk-admin-title = Настройки службы поддержки
desk-services = Службы
desk-open = открыта
desk-closed = закрыта
desk-service-new = Новая служба
desk-service-slug = Короткое название (в адресах)
desk-service-name-en = Название на английском
desk-service-name-uk = Название на украинском
desk-service-name-ru = Название на русском
desk-service-hint-en = Подсказка на английском
desk-service-hint-uk = Подсказка на украинском
desk-service-hint-ru = Подсказка на русском
desk-service-role = Кто отвечает
desk-service-target = Цель первого ответа, минут
desk-service-position = Порядок
desk-service-open = Принимает новые запросы
desk-canned-title = Название
desk-canned-body = Текст
desk-canned-hint = Markdown; ссылки на инструкции — [[Название инструкции]].
desk-canned-add = Добавить
desk-save = Сохранить
desk-delete = Удалить
desk-edit = Редактировать
desk-contacts-title = Контакты
desk-contacts-source = Текст страницы
desk-contacts-empty = Страница контактов ещё не написана.

# Mail (the kind names are shown in the mail queue)
desk-mail-confirm = Поддержка: подтверждение запроса
desk-mail-confirm-subject = Подтвердите запрос в поддержку
desk-mail-confirm-body = Кто-то (надеемся, вы) написал в поддержку с этого адреса. Откройте ссылку, чтобы создать запрос; если это были не вы, не обращайте внимания на это письмо.
desk-mail-confirm-action = Создать запрос
desk-mail-credentials = Поддержка: номер и ключ
desk-mail-credentials-subject = Ваш запрос в поддержку { $number }: { $subject }
desk-mail-credentials-body = Ваш запрос { $number } создан. Сохраните это письмо: следить за запросом можно по номеру { $number } и ключу доступа { $key }.
desk-mail-credentials-action = Следить за запросом
desk-mail-reply = Поддержка: ответ
desk-mail-reply-subject = Поддержка ответила на ваш запрос { $number }: { $subject }
desk-mail-reply-body = { $body }
desk-mail-reply-action = Прочитать и ответить

log-desk-reply = ответил на запрос в поддержку { $request }
log-desk-note = добавил внутреннюю заметку к запросу { $request }
log-desk-assign = назначил запрос { $request } участнику { $to }
log-desk-service-change = перенёс запрос { $request } из службы { $from } в { $to }
log-desk-resolve = отметил запрос { $request } решённым
log-desk-merge = объединил запрос { $request } с запросом { $into }
log-desk-guide = превратил ответ из запроса { $request } в инструкцию { $guide }
log-desk-service = изменил службу поддержки { $service } (отвечает: { $role })
log-desk-canned = сохранил шаблон ответа { $title }
log-desk-canned-delete = удалил шаблон ответа { $title }
log-site-contacts = изменил страницу контактов
