# Уведомления, отслеживание, настройки почты.
nav-notifications = Уведомления
nav-notifications-count = { $count ->
    [one] { $count } непрочитанное уведомление
    [few] { $count } непрочитанных уведомления
    [many] { $count } непрочитанных уведомлений
   *[other] { $count } непрочитанного уведомления
}
notify-title = Уведомления
notify-unread = { $count ->
    [one] { $count } непрочитанное
    [few] { $count } непрочитанных
    [many] { $count } непрочитанных
   *[other] { $count } непрочитанного
}
notify-read-all = Отметить все прочитанными
notify-empty = Пока ничего. Здесь появятся ответы, упоминания и новости о том, за чем вы следите.
notify-settings-title = Настройки уведомлений
notify-settings-mail = По почте
notify-settings-categories = Категории, за которыми вы следите
notify-settings-save = Сохранить
notify-kind-reply = Ответы в моих темах
notify-kind-mention = Упоминания меня
notify-kind-quote = Цитаты из моих сообщений
notify-kind-solution = Мой ответ отмечен решением
notify-kind-solved = Мой вопрос решён
notify-kind-like = Отметки «нравится» моим сообщениям
notify-kind-watched-reply = Новые ответы в том, за чем слежу
notify-kind-new-topic = Новые темы в категориях, за которыми слежу
notify-kind-edited-guide = Правки статей, за которыми слежу
notify-kind-proposal = Решения по моим предложенным правкам
notify-kind-moderation = Модерация моих сообщений или учётной записи
notify-kind-standing = Изменения моего статуса
notify-mode-immediately = Сразу
notify-mode-digest = Ежедневная сводка
notify-mode-off = Выключено
notify-reply = { $actor } ответил в «{ $title }»
notify-mention = { $actor } упомянул вас в «{ $title }»
notify-quote = { $actor } процитировал вас в «{ $title }»
notify-solution = { $actor } отметил ваш ответ в «{ $title }» как решение
notify-solved = { $actor } отметил решение в вашей теме «{ $title }»
notify-like = { $others ->
    [0] { $actor } отметил ваше сообщение в «{ $title }»
    [one] { $actor } и ещё { $others } отметили ваше сообщение в «{ $title }»
    [few] { $actor } и ещё { $others } отметили ваше сообщение в «{ $title }»
    [many] { $actor } и ещё { $others } отметили ваше сообщение в «{ $title }»
   *[other] { $actor } и ещё { $others } отметили ваше сообщение в «{ $title }»
}
notify-watched-reply = { $actor } написал в «{ $title }»
notify-new-topic = { $actor } открыл новую тему «{ $title }»
notify-edited-guide = { $actor } изменил статью «{ $title }»
notify-proposal-approved = Ваша предложенная правка «{ $title }» одобрена
notify-proposal-rejected = Ваша предложенная правка «{ $title }» не принята
notify-moderation-hidden-post = Модератор скрыл ваше сообщение в «{ $title }»
notify-moderation-unhidden-post = Модератор снова показал ваше сообщение в «{ $title }»
notify-moderation-deleted-post = Модератор удалил ваше сообщение в «{ $title }»
notify-moderation-restored-post = Модератор восстановил ваше сообщение в «{ $title }»
notify-moderation-applied-sanction = Модератор применил к вашей учётной записи ограничение: { $sanction }
notify-moderation-lifted-sanction = Ограничение с вашей учётной записи снято: { $sanction }
notify-sanction-silence = запрет писать
notify-sanction-suspend = приостановка
notify-sanction-ban = блокировка
notify-standing = Ваш статус изменён: { $field }
watch-label = Уведомлять
watch-apply = Применить
watch-saved = Сохранено: уведомления будут, как вы выбрали.
watch-level-watching = Следить: каждое новое сообщение
watch-level-tracking = Отслеживать: ответы и упоминания
watch-level-normal = Обычно
watch-level-muted = Выключено: ничего
unsubscribe-title = Отписаться
unsubscribe-invalid = Эта ссылка для отписки недействительна.
unsubscribe-explain = Больше не присылать письма о: { $kind }? Уведомления на сайте останутся.
unsubscribe-submit = Отписаться
unsubscribe-done = Готово: писем о { $kind } больше не будет. Это можно изменить в настройках уведомлений.
mail-notify = Уведомление
mail-digest = Ежедневная сводка
mail-notify-subject = { $text } · { $site }
mail-notify-action = Открыть
mail-notify-all = Все уведомления
mail-notify-why = Вы получили это письмо, потому что почта о «{ $kind }» включена. Выключить одним щелчком: { $link }
mail-digest-subject = { $count ->
    [one] { $count } новое уведомление на { $site }
    [few] { $count } новых уведомления на { $site }
    [many] { $count } новых уведомлений на { $site }
   *[other] { $count } нового уведомления на { $site }
}
mail-digest-intro = { $count ->
    [one] С прошлой сводки произошло { $count } событие из того, за чем вы следите:
    [few] С прошлой сводки произошло { $count } события из того, за чем вы следите:
    [many] С прошлой сводки произошло { $count } событий из того, за чем вы следите:
   *[other] С прошлой сводки произошло { $count } события из того, за чем вы следите:
}
mail-digest-why = Выключить сводку одним щелчком: { $link }
error-bad-choice = Такого варианта нет.
