# Служба підтримки

role-agent = агент підтримки
role-arbitrator = арбітр
action-work-desk = Робота із запитами до підтримки
action-manage-desk = Керування службою підтримки

desk-nav = Служба підтримки
desk-footer-support = Підтримка
desk-footer-contacts = Контакти

desk-status-new = Новий
desk-status-pending = Чекає на підтримку
desk-status-waiting = Чекає на вас
desk-status-resolved = Вирішено
desk-status-archived = В архіві

desk-home-title = Мої запити до підтримки
desk-my-open = Відкриті запити
desk-my-archive = Архів
desk-none-open = У вас немає відкритих запитів.
desk-none-archived = В архіві нічого немає.
desk-anon-intro = Напишіть до підтримки зі свого облікового запису або без нього, якщо втратили доступ: ми надішлемо посилання для підтвердження, а потім номер і ключ для відстеження.

desk-new-title = Написати до підтримки
desk-new-intro = Оберіть службу, до якої належить ваше питання. Телефони й години роботи — на сторінці контактів.
desk-field-service = Служба
desk-field-service-choose = Оберіть службу
desk-field-subject = Тема
desk-field-body = Ваше питання
desk-field-answers = Куди надсилати відповіді?
desk-answers-account = В обліковий запис
desk-answers-email-too = В обліковий запис і поштою
desk-field-email = Ваша електронна адреса
desk-email-hint = Ми надішлемо на цю адресу посилання для підтвердження; запит буде створено, коли ви його відкриєте.
desk-send = Надіслати
desk-send-anyway = Усе одно надіслати
desk-suggest-title = Можливо, ці інструкції вже відповідають на ваше питання
desk-suggest-still = Якщо жодна не допомогла, надішліть запит нижче.
desk-solved-it = Це допомогло

desk-sent-title = Перевірте пошту
desk-sent-text = Якщо адреса правильна, посилання для підтвердження вже в дорозі. Запит буде створено, коли ви його відкриєте.

desk-confirm-title = Підтвердіть запит
desk-confirm-text = Натисніть кнопку, щоб надіслати запит до підтримки.
desk-confirm-button = Надіслати запит
desk-filed-title = Ваш запит створено
desk-credentials-once = Збережіть номер і ключ: ключ показано лише зараз (ми також надіслали його поштою). Обидва потрібні, щоб стежити за запитом.
desk-field-number = Номер запиту
desk-field-key = Ключ доступу
desk-open-request = Відкрити мій запит

desk-track-title = Стежити за запитом
desk-track-open = Відкрити
desk-err-track = Неправильний номер або ключ.

desk-request-number = Запит { $n }
desk-from-support = Підтримка
desk-from-you = Ви
desk-archived-note = Цей запит в архіві. Якщо проблема повернулася, дістаньте його з архіву, щоб написати знову.
desk-unarchive = Дістати з архіву
desk-reopen = Проблему не вирішено
desk-field-reply = Ваша відповідь
desk-send-reply = Надіслати відповідь
desk-merged-note = Цей запит об'єднано із запитом { $n }.

desk-flash-filed = Ваш запит створено.
desk-flash-sent = Надіслано.
desk-flash-reopened = Запит знову відкрито.
desk-flash-done = Готово.
desk-flash-proposed = Відповідь запропоновано як зміну інструкції, вона чекає на перевірку.
desk-flash-guide-saved = Відповідь збережено в інструкції.

desk-err-service = Оберіть одну зі служб.
desk-err-subject-short = Напишіть тему щонайменше з 3 символів.
desk-err-archived = Спершу дістаньте запит з архіву.
desk-err-merged = Цей запит об'єднано з іншим.
desk-err-not-closed = Запит ще відкритий.
desk-err-closed = Запит уже вирішено.
desk-err-assignee = Цей учасник не відповідає в цій службі.
desk-err-merge-target = Вкажіть номер іншого запиту того ж автора у ваших службах.
desk-err-guide-title = Дайте інструкції правильну назву.
desk-err-required = Це поле обов'язкове.
desk-err-slug = Використовуйте малі латинські літери, цифри й дефіси (до 32).
desk-err-slug-taken = Інша служба вже має цю коротку назву.
desk-err-role = Оберіть, хто відповідає в службі.
desk-err-minutes = Вкажіть кількість хвилин від 1 до 525600.
desk-err-number = Вкажіть ціле число.

desk-all-services = Усі мої служби
desk-open-statuses = Відкриті (нові й очікувані)
desk-field-status = Стан
desk-field-assigned = Відповідальний
desk-assigned-any = Будь-хто
desk-assigned-me = Я
desk-assigned-none = Ніхто
desk-filter = Показати
desk-col-number = №
desk-col-assignee = Відповідальний
desk-by-email = поштою
desk-queue-empty = Тут нічого не чекає.
desk-stats-title = Час відповіді
desk-col-target = Мета
desk-col-answered = З відповіддю
desk-col-median-first = Медіана першої відповіді
desk-col-within = Вчасно
desk-col-median-resolution = Медіана вирішення
desk-col-deflected = Вирішено інструкціями
desk-minutes = { $n ->
    [one] { $n } хвилина
    [few] { $n } хвилини
    [many] { $n } хвилин
   *[other] { $n } хвилини
}
desk-percent = { $n }%
desk-none = —

desk-first-response = Перша відповідь
desk-resolution = Вирішення
desk-note = Внутрішня нотатка
desk-requester = Автор запиту
desk-proposal-link = пропозиція до інструкції
desk-to-guide = Перетворити відповідь на інструкцію
desk-guide-title = Назва інструкції
desk-guide-summary = Опис зміни
desk-guide-summary-default = Із запиту до підтримки { $n }
desk-canned = Шаблони відповідей
desk-canned-insert = Вставити
desk-add-note = Додати внутрішню нотатку
desk-assign-to = Призначити
desk-assign-me = мені
desk-assign = Призначити
desk-change-service = Перенести
desk-merge-into = Об'єднати із запитом №
desk-merge = Об'єднати
desk-resolve = Вирішено

desk-admin-title = Налаштування служби підтримки
desk-services = Служби
desk-open = відкрита
desk-closed = закрита
desk-service-new = Нова служба
desk-service-slug = Коротка назва (в адресах)
desk-service-name-en = Назва англійською
desk-service-name-uk = Назва українською
desk-service-name-ru = Назва російською
desk-service-hint-en = Підказка англійською
desk-service-hint-uk = Підказка українською
desk-service-hint-ru = Підказка російською
desk-service-role = Хто відповідає
desk-service-target = Мета першої відповіді, хвилин
desk-service-position = Порядок
desk-service-open = Приймає нові запити
desk-canned-title = Назва
desk-canned-body = Текст
desk-canned-hint = Markdown; посилання на інструкції — [[Назва інструкції]].
desk-canned-add = Додати
desk-save = Зберегти
desk-delete = Видалити
desk-edit = Редагувати
desk-contacts-title = Контакти
desk-contacts-source = Текст сторінки
desk-contacts-empty = Сторінку контактів ще не написано.

# Mail (the kind names are shown in the mail queue)
desk-mail-confirm = Підтримка: підтвердження запиту
desk-mail-confirm-subject = Підтвердіть запит до підтримки
desk-mail-confirm-body = Хтось (сподіваємося, ви) написав до підтримки з цієї адреси. Відкрийте посилання, щоб створити запит; якщо це були не ви, не зважайте на цей лист.
desk-mail-confirm-action = Створити запит
desk-mail-credentials = Підтримка: номер і ключ
desk-mail-credentials-subject = Ваш запит до підтримки { $number }: { $subject }
desk-mail-credentials-body = Ваш запит { $number } створено. Збережіть цей лист: за запитом можна стежити за номером { $number } і ключем доступу { $key }.
desk-mail-credentials-action = Стежити за запитом
desk-mail-reply = Підтримка: відповідь
desk-mail-reply-subject = Підтримка відповіла на ваш запит { $number }: { $subject }
desk-mail-reply-body = { $body }
desk-mail-reply-action = Прочитати й відповісти

log-desk-reply = відповів на запит до підтримки { $request }
log-desk-note = додав внутрішню нотатку до запиту { $request }
log-desk-assign = призначив запит { $request } учаснику { $to }
log-desk-service-change = переніс запит { $request } зі служби { $from } до { $to }
log-desk-resolve = позначив запит { $request } вирішеним
log-desk-merge = об'єднав запит { $request } із запитом { $into }
log-desk-guide = перетворив відповідь із запиту { $request } на інструкцію { $guide }
log-desk-service = змінив службу підтримки { $service } (відповідає: { $role })
log-desk-canned = зберіг шаблон відповіді { $title }
log-desk-canned-delete = видалив шаблон відповіді { $title }
log-site-contacts = змінив сторінку контактів
