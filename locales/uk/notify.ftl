# Сповіщення, стеження, налаштування пошти.
nav-notifications = Сповіщення
nav-notifications-count = { $count ->
    [one] { $count } непрочитане сповіщення
    [few] { $count } непрочитані сповіщення
    [many] { $count } непрочитаних сповіщень
   *[other] { $count } непрочитаного сповіщення
}
notify-title = Сповіщення
notify-unread = { $count ->
    [one] { $count } непрочитане
    [few] { $count } непрочитані
    [many] { $count } непрочитаних
   *[other] { $count } непрочитаного
}
notify-read-all = Позначити всі прочитаними
notify-empty = Поки нічого. Тут з’являтимуться відповіді, згадки й новини про те, за чим ви стежите.
notify-settings-title = Налаштування сповіщень
notify-settings-mail = Поштою
notify-settings-categories = Категорії, за якими ви стежите
notify-settings-save = Зберегти
notify-kind-reply = Відповіді в моїх темах
notify-kind-mention = Згадки про мене
notify-kind-quote = Цитати з моїх дописів
notify-kind-solution = Мою відповідь позначено рішенням
notify-kind-solved = Моє питання розв’язано
notify-kind-like = Вподобання моїх дописів
notify-kind-watched-reply = Нові відповіді в тому, за чим стежу
notify-kind-new-topic = Нові теми в категоріях, за якими стежу
notify-kind-edited-guide = Зміни статей, за якими стежу
notify-kind-proposal = Рішення щодо моїх запропонованих змін
notify-kind-moderation = Модерація моїх дописів чи облікового запису
notify-kind-standing = Зміни мого статусу
notify-mode-immediately = Одразу
notify-mode-digest = Щоденний підсумок
notify-mode-off = Вимкнено
notify-reply = { $actor } відповів у «{ $title }»
notify-mention = { $actor } згадав вас у «{ $title }»
notify-quote = { $actor } процитував вас у «{ $title }»
notify-solution = { $actor } позначив вашу відповідь у «{ $title }» як рішення
notify-solved = { $actor } позначив рішення у вашій темі «{ $title }»
notify-like = { $others ->
    [0] { $actor } вподобав ваш допис у «{ $title }»
    [one] { $actor } і ще { $others } вподобали ваш допис у «{ $title }»
    [few] { $actor } і ще { $others } вподобали ваш допис у «{ $title }»
    [many] { $actor } і ще { $others } вподобали ваш допис у «{ $title }»
   *[other] { $actor } і ще { $others } вподобали ваш допис у «{ $title }»
}
notify-watched-reply = { $actor } написав у «{ $title }»
notify-new-topic = { $actor } відкрив нову тему «{ $title }»
notify-edited-guide = { $actor } змінив статтю «{ $title }»
notify-proposal-approved = Вашу запропоновану зміну «{ $title }» схвалено
notify-proposal-rejected = Вашу запропоновану зміну «{ $title }» не прийнято
notify-moderation-hidden-post = Модератор приховав ваш допис у «{ $title }»
notify-moderation-unhidden-post = Модератор знову показав ваш допис у «{ $title }»
notify-moderation-deleted-post = Модератор видалив ваш допис у «{ $title }»
notify-moderation-restored-post = Модератор відновив ваш допис у «{ $title }»
notify-moderation-applied-sanction = Модератор застосував до вашого облікового запису обмеження: { $sanction }
notify-moderation-lifted-sanction = Обмеження з вашого облікового запису знято: { $sanction }
notify-sanction-silence = заборона писати
notify-sanction-suspend = призупинення
notify-sanction-ban = блокування
notify-standing = Ваш статус змінено: { $field }
watch-label = Сповіщати
watch-apply = Застосувати
watch-saved = Збережено: сповіщення будуть, як ви вибрали.
watch-level-watching = Стежити: кожен новий допис
watch-level-tracking = Відстежувати: відповіді й згадки
watch-level-normal = Звичайно
watch-level-muted = Вимкнено: нічого
unsubscribe-title = Відписатися
unsubscribe-invalid = Це посилання для відписки недійсне.
unsubscribe-explain = Більше не надсилати листи про: { $kind }? Сповіщення на сайті залишаться.
unsubscribe-submit = Відписатися
unsubscribe-done = Готово: листів про { $kind } більше не буде. Це можна змінити в налаштуваннях сповіщень.
mail-notify = Сповіщення
mail-digest = Щоденний підсумок
mail-notify-subject = { $text } · { $site }
mail-notify-action = Відкрити
mail-notify-all = Усі сповіщення
mail-notify-why = Ви отримали цей лист, бо пошту про «{ $kind }» увімкнено. Вимкнути одним кліком: { $link }
mail-digest-subject = { $count ->
    [one] { $count } нове сповіщення на { $site }
    [few] { $count } нові сповіщення на { $site }
    [many] { $count } нових сповіщень на { $site }
   *[other] { $count } нового сповіщення на { $site }
}
mail-digest-intro = { $count ->
    [one] Від минулого підсумку сталася { $count } подія з того, за чим ви стежите:
    [few] Від минулого підсумку сталися { $count } події з того, за чим ви стежите:
    [many] Від минулого підсумку сталося { $count } подій з того, за чим ви стежите:
   *[other] Від минулого підсумку сталося { $count } події з того, за чим ви стежите:
}
mail-digest-why = Вимкнути підсумок одним кліком: { $link }
error-bad-choice = Такого варіанта немає.
