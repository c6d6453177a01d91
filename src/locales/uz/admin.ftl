# Admin konsoli matnlari. parse_mode HTML bilan yuboriladi: foydalanuvchilar yoki paneldan kelgan matnli
# o'zgaruvchilarni kod ekranlaydi; id raqamlari satr sifatida beriladi (xonalarga ajratilmaydi).

## Buyruqlar (adminning o'z buyruqlar menyusi) va /admin

admin-cmd-admin = Admin menyusi
admin-cmd-stats = Ko'rsatkichlar: bugun, 7 va 30 kun
admin-cmd-orders = Oxirgi buyurtmalar [holat]
admin-cmd-order = Buyurtma id bo'yicha (yoki buyurtma berish)
admin-cmd-user = Foydalanuvchi: balans, buyurtmalar, harakatlar
admin-cmd-credit = Balansga qo'shish
admin-cmd-debit = Balansdan yechish
admin-cmd-ban = Foydalanuvchini bloklash
admin-cmd-unban = Blokdan chiqarish
admin-cmd-service = Xizmat: yashirish, narx, ustama, nom
admin-cmd-category = Bo'limlar: yashirish, tartib, ustama
admin-cmd-sync = Katalogni hozir yangilash
admin-cmd-panel = Panel balansi
admin-cmd-broadcast = Barcha foydalanuvchilarga xabar
admin-cmd-audit = Adminlarning oxirgi amallari
admin-cmd-unknown = Natijasi noma'lum buyurtmalar
admin-cmd-resolve = Noma'lum buyurtmani hal qilish
admin-cmd-topups = Kutilayotgan to'ldirish cheklari
admin-cmd-refund = To'lovni qaytarish (Stars yoki karta)
admin-cmd-promo = Promokodlar (yaratish, ro'yxat)

admin-menu-title = 🛠 <b>Admin</b>
admin-menu-stats = /stats — yangi foydalanuvchilar, xaridorlar, buyurtmalar, aylanma, tannarx, foyda, qaytarishlar, top xizmatlar
admin-menu-orders = /orders [holat] — oxirgi buyurtmalar, sahifalab (pending, in_progress, unknown, …)
admin-menu-order = /order &lt;id&gt; — buyurtma haqida hammasi, Yangilash / Bekor qilish / Qaytarish tugmalari bilan
admin-menu-user = /user &lt;id yoki @nom&gt; — balans, til, buyurtmalar, sarflar, balansdagi oxirgi harakatlar
admin-menu-credit = /credit &lt;foydalanuvchi&gt; &lt;summa&gt; [izoh] — balansga qo'shish
admin-menu-debit = /debit &lt;foydalanuvchi&gt; &lt;summa&gt; [izoh] — balansdan yechish (hech qachon noldan pastga tushmaydi)
admin-menu-ban = /ban &lt;foydalanuvchi&gt; [sabab] — foydalanuvchi endi do'kondan foydalana olmaydi
admin-menu-unban = /unban &lt;foydalanuvchi&gt; — blokdan chiqarish
admin-menu-service = /service &lt;id&gt; — yashirish yoki ko'rsatish, 1000 tasi uchun o'z narxi, o'z ustamasi, xaridorlar ko'radigan nom
admin-menu-category = /category — bo'limlarni yashirish yoki ko'rsatish, ularning tartibi va ustamasi
admin-menu-sync = /sync — panel xizmatlarini hozir yuklab olish va nima o'zgarganini ko'rsatish
admin-menu-panel = /panel — panel balansi
admin-menu-broadcast = /broadcast — barcha foydalanuvchilarga xabar (matn yoki rasm) yuborish
admin-menu-audit = /audit — adminlarning oxirgi amallari
admin-menu-unknown = /unknown — panel joylashtirilishini tasdiqlamagan buyurtmalar
admin-menu-resolve = /resolve &lt;buyurtma&gt; &lt;paneldagi buyurtma id&gt; yoki /resolve &lt;buyurtma&gt; refund — bittasini hal qilish
admin-menu-topups = /topups — qaror kutayotgan to'ldirish cheklari
admin-menu-refund = /refund &lt;charge id&gt; — to'lovni qaytarish (Stars Telegram orqali; karta to'lovi yoziladi, pulni provayderda qaytarasiz)
admin-menu-promo = /promo create | list — promokodlar
admin-btn-menu-stats = 📊 Statistika
admin-btn-menu-panel = 💼 Panel
admin-btn-menu-orders = 📦 Buyurtmalar
admin-btn-menu-categories = 🗂 Bo'limlar
admin-btn-menu-sync = 🔄 Yangilash
admin-btn-menu-audit = 📜 Jurnal
admin-btn-menu-broadcast = 📣 Xabar yuborish

## Umumiy so'zlar va tugmalar

admin-yes = ha
admin-no = yo'q
admin-yes-because = ha ({ $reason })
admin-none = yo'q
admin-hidden = yashirin
admin-visible = ko'rinadi
admin-saved = ✅ Saqlandi.
admin-hidden-short = Yashirildi
admin-shown-short = Ko'rsatildi
admin-btn-back = ⬅️ Orqaga
admin-btn-hide = 🙈 Yashirish
admin-btn-show = 👁 Ko'rsatish
admin-btn-cancel-input = ✖️ Bekor qilish
admin-input-cancelled = Bekor qilindi. Hech narsa o'zgarmadi.
admin-input-none = Hozir hech narsa javob kutmayapti.
admin-send-text = Iltimos, qiymatni matn ko'rinishida yuboring.

## Pul

admin-usage-credit = Foydalanish: /credit &lt;foydalanuvchi id yoki @username&gt; &lt;summa&gt; [izoh]
admin-usage-debit = Foydalanish: /debit &lt;foydalanuvchi id yoki @username&gt; &lt;summa&gt; [izoh]
admin-user-not-found = Bunday foydalanuvchi yo'q. Avval u botni ishga tushirishi kerak.
admin-bad-amount = Summa musbat son bo'lishi kerak, masalan 15000 yoki 12.50.
admin-credited = { $user } balansiga { $amount } qo'shildi. Uning balansi: { $balance }.
admin-debited = { $user } balansidan { $amount } yechildi. Uning balansi: { $balance }.
admin-debit-refused = ❌ Yechilmadi: { $user } balansida { $balance } bor, bu yechiladigan summadan ({ $amount }) kam. Balans hech qachon noldan pastga tushmaydi.

## Foydalanuvchilar

admin-usage-user = Foydalanish: /user &lt;foydalanuvchi id yoki @username&gt;
admin-usage-ban = Foydalanish: /ban &lt;foydalanuvchi id yoki @username&gt; [sabab]
admin-usage-unban = Foydalanish: /unban &lt;foydalanuvchi id yoki @username&gt;
admin-user-card =
    👤 <b>{ $user }</b> · { $name }
    Til: { $language }
    Qo'shilgan: { $joined } · Oxirgi faollik: { $seen }
    Balans: <b>{ $balance }</b>
    Buyurtmalar: { $orders } · Sarflagan: { $spent }
    Bloklangan: { $banned }
    Botni bloklagan: { $blocked }
admin-user-ledger-title = <b>Balansdagi oxirgi harakatlar</b>
admin-user-ledger-line = { $time } · { $delta } → { $balance } · { $reason }{ $order }{ $note }
admin-btn-ban = 🚫 Bloklash
admin-btn-unban = ✅ Blokdan chiqarish
admin-ban-admin = Adminni bloklab bo'lmaydi. Avval uni ADMIN_IDS ro'yxatidan olib tashlang.
admin-banned = 🚫 { $user } bloklandi. U nima yozsa ham bitta muloyim javob oladi va buyurtma bera olmaydi.
admin-unbanned = ✅ { $user } blokdan chiqarildi.
admin-banned-short = Bloklandi
admin-unbanned-short = Blokdan chiqarildi

## Buyurtmalar

admin-usage-order = Foydalanish: /order &lt;buyurtma id&gt;
admin-usage-orders = Foydalanish: /orders [holat]. Holatlar: { $statuses }
admin-order-not-found = #{ $id } buyurtma yo'q.
admin-order-card =
    📦 <b>Buyurtma #{ $id }</b> · { $status } (panel: { $upstreamStatus })
    Foydalanuvchi: { $user }
    Xizmat: #{ $serviceId } { $service } (paneldagi nomi: { $panelName }; turi { $kind })
    Havola: { $link }
    Miqdor: { $quantity } · Maydonlar: { $params }
    Narxi: <b>{ $price }</b> · Qaytarilgan: { $refunded } · Tannarx (taxminan): { $cost }
    Paneldagi buyurtma: { $upstreamId } · Boshlang'ich soni: { $startCount } · Qoldi: { $remains }
    Xatolik: { $failure }
    Yaratilgan: { $created }
    Yangilangan: { $updated } · Oxirgi o'zgarish: { $changed }
    Bekor qilish so'ralgan: { $cancelRequested }
admin-order-upstream =
    <b>Panel javobi</b>: { $status }
    Yechilgan: { $charge } · Boshlang'ich soni: { $startCount } · Qoldi: { $remains }
admin-order-unknown-status = ⚠️ Panel do'kon bilmaydigan holat yubordi; buyurtma holati o'zgarmaydi.
admin-order-no-upstream = Bu buyurtmaning paneldagi id raqami yo'q, shuning uchun panel orqali tekshirib bo'lmaydi. Panelni havola va vaqt bo'yicha tekshiring.
admin-order-cancel-not-active = Panelda faqat paneldagi id raqami bor, kutilayotgan yoki bajarilayotgan buyurtmani bekor qilish mumkin.
admin-order-cancel-requested = ✅ Panel bekor qilish so'rovini qabul qildi. Panel buyurtma bekor qilinganini bildirganda pul qaytariladi.
admin-order-cancel-refused = ❌ Panel bekor qilish so'rovini qabul qilmadi (xizmat bunga ruxsat bermasligi yoki buyurtma ancha bajarilgan bo'lishi mumkin).
admin-order-refund-ask =
    #{ $id } buyurtma uchun <b>{ $amount }</b> qaytarilsinmi (foydalanuvchi: { $user })?
    Buyurtma bekor qilingan deb belgilanadi va xaridorga xabar beriladi.
admin-order-refund-warning = ⚠️ Bu buyurtmani panelda bekor qilmaydi: agar u yerda hali bajarilishi mumkin bo'lsa, avval «Panelda bekor qilish» tugmasini bosing.
admin-order-not-refundable = Bu buyurtma uchun bu yerda pul qaytarib bo'lmaydi (holati: { $status }). Muvaffaqiyatsiz va bekor qilingan buyurtmalar puli allaqachon qaytarilgan; bajarilgan buyurtma uchun xayrixohlik qaytarishini /credit va izoh bilan qiling.
admin-order-refunded = ✅ { $amount } qaytarildi. Xaridor balansi: { $balance }.
admin-order-refunded-short = Qaytarildi
admin-btn-refresh = 🔄 Yangilash
admin-btn-cancel-order = ✖️ Panelda bekor qilish
admin-btn-refund = ↩️ Pulni qaytarish
admin-btn-refund-yes = ✅ Ha, qaytarish
admin-orders-title = <b>Buyurtmalar</b> · { $status } · sahifa { $page }/{ $pages } (jami { $total })
admin-orders-all = barchasi
admin-orders-empty = Buyurtmalar yo'q.
admin-orders-line = #{ $id } · { $status } · { $quantity } · { $price } · foydalanuvchi { $user } · { $service } · { $time }

## Katalog

admin-usage-service = Foydalanish: /service &lt;xizmat id&gt; (id raqamlari /category → bo'lim → Xizmatlar ichida)
admin-service-not-found = Bunday xizmat yo'q. Agar panel uni hozirgina qo'shgan bo'lsa, /sync buyrug'ini yuboring.
admin-service-card =
    🧩 <b>Xizmat #{ $id }</b>
    Paneldagi nomi: { $name }
    Xaridorlar ko'radi: { $displayName }
    Bo'lim: { $category }
    Turi: { $type } ({ $kind }) · Min – maks: { $min } – { $max }
    Panel narxi (1000 tasi): { $rate } · Tannarx (1000 tasi): { $cost }
    Xaridor narxi (1000 tasi): <b>{ $price }</b> ({ $basis })
    Holati: { $state }
admin-service-same-name = paneldagi nom
admin-price-basis-own = o'z narxi
admin-price-basis-service = xizmat ustamasi { $markup }
admin-price-basis-category = bo'lim ustamasi { $markup }
admin-price-basis-shop = do'kon ustamasi { $markup }
admin-service-state-on-sale = sotuvda
admin-service-state-hidden = admin yashirgan
admin-service-state-category-hidden = uning bo'limi yashirilgan
admin-service-state-gone = panel ro'yxatida endi yo'q
admin-service-state-unsupported = bu turdagi xizmatni bu yerda buyurtma qilib bo'lmaydi
admin-btn-rename = ✏️ Xaridorlar uchun nom
admin-btn-own-price = 💲 O'z narxi
admin-btn-own-markup = 📈 O'z ustamasi
admin-btn-to-category = ⬅️ Bo'lim
admin-ask-service-price =
    #{ $id } xizmat ({ $name }) uchun xaridorlar 1000 tasiga to'laydigan narxni yuboring, masalan 150 yoki 99.50.
    Hozir: { $current }. Olib tashlash uchun - yuboring (yana ustama qo'llanadi).
admin-ask-service-markup =
    #{ $id } xizmat ({ $name }) uchun ustamani foizda yuboring, masalan 30 yoki 12.5.
    Hozir: { $current }. Olib tashlash uchun - yuboring (yana bo'lim yoki do'kon ustamasi qo'llanadi).
admin-ask-service-name =
    #{ $id } xizmat ({ $name }) uchun xaridorlar ko'radigan nomni yuboring.
    Hozir: { $current }. Paneldagi nomni qayta ko'rsatish uchun - yuboring.
admin-ask-category-markup =
    { $name } bo'limidagi barcha xizmatlar uchun ustamani foizda yuboring, masalan 30 yoki 12.5 (xizmatning o'z narxi yoki ustamasi baribir ustun turadi).
    Hozir: { $current }. Olib tashlash uchun - yuboring (yana do'kon ustamasi qo'llanadi).
admin-bad-price = Bu narx emas. Musbat summa yuboring, masalan 150 yoki 99.50, yoki o'z narxini olib tashlash uchun - yuboring.
admin-bad-markup = Bu ustama emas. Foiz yuboring, masalan 30 yoki 12.5, yoki olib tashlash uchun - yuboring.
admin-bad-name = 1 – { $max } belgidan iborat nom yuboring yoki paneldagi nomni ko'rsatish uchun - yuboring.

admin-categories-title = 🗂 <b>Bo'limlar</b> (xaridorlar ko'radigan tartibda)
admin-categories-empty = Hozircha bo'limlar yo'q. /sync buyrug'ini yuboring.
admin-categories-line = { $position }. { $name } — { $services } ta xizmat · { $state }{ $markup }
admin-category-card =
    🗂 <b>{ $name }</b>
    O'rni: { $position } / { $count } · { $state }
    Ustama: { $markup }
    Xizmatlar: { $services }
admin-category-markup-default = do'kon bo'yicha standart ({ $markup })
admin-category-services = 🗂 <b>{ $name }</b>: { $count } ta xizmat (sahifa { $page }/{ $pages }). 🙈 yashirin, ⛔ sotuvda emas.
admin-category-not-found = Bunday bo'lim yo'q.
admin-category-at-end = Bo'lim allaqachon ro'yxat chetida.
admin-btn-up = ⬆️ Yuqoriga
admin-btn-down = ⬇️ Pastga
admin-btn-services = 🧩 Xizmatlar
admin-btn-all-categories = 🗂 Barcha bo'limlar

admin-sync-done = ✅ <b>Katalog yangilandi.</b>
admin-sync-failed = ❌ Katalog yangilanmadi; avvalgisi qoladi.
admin-sync-added = Qo'shildi: { $count }{ $ids }
admin-sync-changed = O'zgardi: { $count }{ $ids }
admin-sync-removed = Olib tashlandi: { $count }{ $ids }
admin-sync-prices = Narx o'zgarishlari: { $count }
admin-sync-price-line = • #{ $id }: { $from } → { $to }
admin-sync-unsupported = Do'kon sota olmaydigan turlar (xaridorlardan yashirilgan): { $count }

## Panel

admin-panel-balance = 💼 Panel balansi: <b>{ $balance }</b> (valyuta: { $currency })
admin-panel-alert = Balans { $threshold } chegarasidan pastga tushsa, yangi buyurtmalar to'xtatiladi (PANEL_BALANCE_ALERT).
admin-panel-failed = ❌ Panel balansini olib bo'lmadi.
admin-panel-error-key = Panel API kalitini qabul qilmadi. PANEL_API_KEY sozlamasini tekshiring.
admin-panel-error-refused = Panel so'rovni rad etdi.
admin-panel-error-unreachable = Panelga hozir ulanib bo'lmayapti.
admin-panel-error-uncertain = Panel tushunarli javob bermadi (vaqt tugadi yoki xato sahifasi).
admin-panel-error-other = Panel bilan ishlashda nimadir xato ketdi.

## Ko'rsatkichlar

admin-stats-today = Bugun
admin-stats-week = Oxirgi 7 kun
admin-stats-month = Oxirgi 30 kun
admin-stats-window =
    📊 <b>{ $title }</b>
    Yangi foydalanuvchilar: { $newUsers } · Faol xaridorlar: { $buyers }
    Buyurtmalar: { $orders }{ $statuses }
    Aylanma: <b>{ $turnover }</b> · Tannarx: { $cost }
    Yalpi foyda: <b>{ $profit }</b> · Qaytarishlar: { $refunds }
admin-stats-top-line = { $position }. #{ $id } { $name } — { $orders } ta buyurtma, { $turnover }
admin-stats-note = <i>Aylanma — xaridorlar to'lagan summa minus qaytarishlar; tannarx buyurtma paytidagi panel narxi bo'yicha taxmin qilinadi (bekor qilingan buyurtmalar tannarxi nol, qisman bajarilganlar — yetkazilgan qismi). Pul buyurtma berilgan kunga hisoblanadi.</i>

## Xabar yuborish

admin-bc-ask = 📣 Barcha foydalanuvchilar uchun xabarni yuboring: matn yoki izohli rasm. Yuborishdan oldin ko'rinishini ko'rasiz.
admin-bc-busy = #{ $id } xabar yuborilmoqda ({ $sent } / { $total }); yangisi undan keyin boshlanadi.
admin-bc-bad-content = Matn yoki izohli rasm yuboring.
admin-bc-preview = 👇 Xabar shunday ko'rinadi:
admin-bc-confirm = #{ $id } xabar { $count } ta foydalanuvchiga yuborilsinmi?
admin-btn-bc-send = ✅ Yuborish
admin-btn-bc-discard = ✖️ O'chirish
admin-btn-bc-stop = ⏹ To'xtatish
admin-bc-gone = Bu xabar allaqachon yuborilgan, to'xtatilgan yoki o'chirilgan.
admin-bc-discarded = #{ $id } xabar o'chirildi. Hech narsa yuborilmadi.
admin-bc-queued-short = Navbatga qo'yildi
admin-bc-queued = 📣 #{ $id } xabar hozir { $total } ta foydalanuvchiga yuborila boshlaydi.
admin-bc-queued-behind = 📣 #{ $id } xabar navbatda ({ $total } ta foydalanuvchi); oldingi { $ahead } tasi tugagach boshlanadi.
admin-bc-progress = 📣 #{ $id } xabar: { $done } / { $total } · yuborildi { $sent } · bloklagan { $blocked } · xato { $failed }
admin-bc-done = ✅ #{ $id } xabar yakunlandi: yuborildi { $sent }, botni bloklagan { $blocked }, xato { $failed }.
admin-bc-stopping = To'xtatilmoqda
admin-bc-stopped = ⏹ #{ $id } xabar to'xtatildi ({ $done } / { $total }): yuborildi { $sent }, bloklagan { $blocked }, xato { $failed }.
admin-bc-aborted = ❌ #{ $id } xabar to'xtatildi: Telegram xabarni ketma-ket { $failed } marta rad etdi. Undan oldin { $sent } ta yuborildi.

## Jurnal

admin-audit-title = 📜 <b>Admin amallari</b> (sahifa { $page }/{ $pages }, avval yangilari)
admin-audit-empty = Hozircha admin amallari yo'q.
admin-audit-line = { $time } · { $admin } · <b>{ $action }</b>{ $target }{ $details }
admin-btn-older = ◀️ Oldingilar
admin-btn-newer = Keyingilar ▶️
