# Отказы, системные заметки и журнал персонала, как их сообщает домен.

action-sanction = Наложение ограничений на участников
deny-silenced-until = Вам запрещено писать до { $until }, поэтому сейчас вы не можете публиковать и редактировать. В профиле указана причина.
deny-topic-closed = Тема закрыта: отвечать теперь могут только модераторы.
deny-protected = Инструкция защищена: её редактируют только модераторы. Вы можете посмотреть её текст или предложить изменения в обсуждении.
deny-out-of-scope = Вы модерируете другие категории, не эту.
deny-own-account = { $action } невозможно для собственной учётной записи.
deny-higher-rank = { $action } возможно только для участников ниже вашего ранга.
deny-certificate-above-own = Вы можете выдавать только уровни аттестата ниже вашего.

err-already-exists = Такое уже существует.
err-link-damaged = Эта ссылка на страницу повреждена.
err-period-unknown = Неизвестный период: выберите день, неделю, месяц, год или всё время.
err-sort-unknown = Неизвестный порядок: выберите последние, новые или лучшие.
err-like-own = Нельзя отметить собственное сообщение.
err-solution-reply-only = Решением может быть только ответ.
err-too-long = Не более { $max ->
        [one] { $max } символа
        [few] { $max } символов
        [many] { $max } символов
       *[other] { $max } символов
    }, пожалуйста.
err-merge-self = Тему нельзя объединить саму с собой.
err-not-held = Это сообщение не ждёт одобрения.
err-flag-own = Вы не можете пожаловаться на это сообщение.
err-unknown-action = Неизвестное действие.
err-wiki-busy = Эту инструкцию сейчас редактирует много людей; сохраните ещё раз.
err-undo-first = Первую версию инструкции нельзя отменить; воспользуйтесь возвратом.
err-proposal-decided = По этому предложению уже принято решение.
err-proposal-conflict = Это предложение больше не объединяется с инструкцией без конфликтов; отредактируйте его перед одобрением.
err-form-damaged = Форма повреждена; откройте её ещё раз.
error-other-title = Ошибка

mod-reason-code-held = Ждёт одобрения модератора.
mod-reason-code-flags = Сообщество пожаловалось; ждёт модератора.
mod-reason-code-moderator = Скрыто модератором.
mod-reason-code-not-approved = Модератор не одобрил.

quote-wrote = пишет
guide-default-title = Инструкция

feed-latest-title = { $site }: последние темы
feed-category-title = { $category } · { $site }
feed-changes-title = { $site }: изменения инструкций

summary-approved = Предложение одобрил { $by }

log-topic-close = закрыл тему
log-topic-reopen = снова открыл тему
log-topic-pin = закрепил тему
log-topic-pin-global = закрепил тему для всего сайта
log-topic-unpin = открепил тему
log-topic-move = перенёс тему из { $from } в { $to }
log-topic-merge = объединил тему { $from } с темой { $into }
log-topic-split = выделил сообщения { $posts } темы { $from } в тему { $into }
log-post-hide = скрыл сообщение
log-post-unhide = снова показал скрытое сообщение
log-post-delete = удалил сообщение
log-post-restore = восстановил сообщение
log-post-approve = одобрил сообщение
log-post-hide-by-flags = сообщение скрыто по жалобам сообщества
log-flags-agree = согласился с жалобами
log-flags-disagree = не согласился с жалобами
log-user-silence = запретил участнику писать{ $until ->
    [none] {""}
   *[other] {" "}до { $until }
}
log-user-suspend = приостановил учётную запись{ $until ->
    [none] {""}
   *[other] {" "}до { $until }
}
log-user-ban = заблокировал участника
log-user-unsilence = снял запрет писать
log-user-unsuspend = снял приостановку
log-user-unban = снял блокировку
log-user-approve = одобрил регистрацию
log-user-reject = отклонил регистрацию
log-standing-certificate = аттестат { $from } → { $to } ({ $source })
log-standing-bl = BL { $from } → { $to } ({ $source })
log-standing-bl-source = источник BL { $from } → { $to } ({ $source })
log-standing-role = роль { $from } → { $to } ({ $source })
log-standing-moderator-scope = категории модерирования «{ $from }» → «{ $to }»
log-guide-protect = защитил инструкцию { $title }
log-guide-unprotect = снял защиту с инструкции { $title }

topic-deleted-note = Эта тема удалена: её видит только персонал. Восстановите первое сообщение, чтобы вернуть тему.
topic-hidden-note = Тема скрыта, пока модератор проверяет её первое сообщение; до тех пор она не принимает ответов.
