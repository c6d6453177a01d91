# Pul kirimi: balansni to'ldirish (Telegram Stars, to'lov provayderi, cheklar), referallar, promokodlar.
# HTML rejimi; ismlar va foydalanuvchi matni bor o'zgaruvchilarni kod ekranlaydi.
# -plain bilan tugaydigan kalitlarni Telegram o'zi ko'rsatadi (pre-checkout xatolari): oddiy matn, HTML siz.

btn-topup = ➕ To'ldirish
cmd-topup = Balansni to'ldirish
cmd-referrals = Do'stlarni taklif qilib, daromad olish
cmd-paysupport = To'lov bo'yicha yordam

topup-menu =
    <b>Balansni to'ldirish</b>
    Balansingiz: <b>{ $balance }</b>
topup-stars-rate = ⭐ Telegram Stars: 1 yulduz = { $rate }
topup-choose = To'lov usulini tanlang:
topup-none = Hozir balansni to'ldirib bo'lmaydi. Do'kon administratoriga murojaat qiling.
btn-stars-preset = ⭐ { $stars } → { $amount }
btn-stars-custom = ⭐ Boshqa miqdordagi yulduz
btn-provider = 💳 Karta orqali to'lash
btn-receipt = 🧾 Karta / hamyonga o'tkazma
btn-never-mind = ✖️ Kerak emas
topup-left = Yaxshi, hech narsa boshlanmadi.

stars-ask-amount = Necha yulduz? 1 – { $max } oralig'ida butun son yuboring. 1 yulduz = { $rate }.
stars-bad-amount = Iltimos, yulduzlar sonini 1 – { $max } oralig'ida butun son bilan yuboring.
provider-ask-amount = Qancha qo'shmoqchisiz? Summani { $currency } hisobida yuboring, masalan 50000.
provider-bad-amount = Summani 50000 yoki 12.50 ko'rinishida yuboring.
invoice-title = Balansni to'ldirish
invoice-stars-description = Bu do'kondagi balansingizga { $amount }, { $stars } yulduz evaziga.
invoice-provider-description = Bu do'kondagi balansingizga { $amount }.
invoice-label = Balansni to'ldirish
invoice-failed = To'lovni tayyorlab bo'lmadi. Boshqa summani kiriting yoki keyinroq urinib ko'ring.
invoice-sent = Yuqoridagi hisobni to'lang; Telegram to'lovni tasdiqlashi bilan balansingiz to'ldiriladi.

precheckout-malformed-plain = Bu hisob endi yaroqsiz. /topup orqali yangisini so'rang.
precheckout-foreign-plain = Bu hisob boshqa akkaunt uchun yaratilgan. /topup orqali o'zingiznikini so'rang.
precheckout-banned-plain = Bu do'kondan foydalanishingiz cheklangan.
precheckout-disabled-plain = Bu to'lov usuli hozir mavjud emas.
precheckout-changed-plain = Narx o'zgardi. /topup orqali yangi hisob so'rang.

payment-duplicate = Bu to'lov balansingizga allaqachon tushgan. Balansingiz: <b>{ $balance }</b>
payment-uncredited = To'lovingiz qabul qilindi. Administrator uni tez orada balansingizga o'tkazadi.

notice-payment-credited = ✅ To'lov qabul qilindi: balansingizga <b>{ $amount }</b> qo'shildi. Balans: <b>{ $balance }</b>
notice-receipt-approved = ✅ #{ $id } to'ldirish arizasi tasdiqlandi: balansingizga <b>{ $amount }</b> qo'shildi. Balans: <b>{ $balance }</b>
notice-receipt-rejected =
    ❌ #{ $id } to'ldirish arizasi ({ $amount }) tasdiqlanmadi.
    Sabab: { $reason }
notice-referral-bonus = 🎁 Referal bonus: siz taklif qilgan foydalanuvchining to'lovi uchun <b>{ $amount }</b>. Balans: <b>{ $balance }</b>
notice-referral-clawback = ↩️ Siz taklif qilgan foydalanuvchining to'lovi qaytarildi, shuning uchun <b>{ $amount }</b> referal bonus qaytarib olindi. Balans: <b>{ $balance }</b>
notice-stars-refunded = ↩️ { $stars } yulduzlik to'lovingiz qaytarildi; balansingizdan { $amount } yechildi. Balans: <b>{ $balance }</b>
notice-card-refunded = ↩️ #{ $id } karta to'lovingiz qaytarildi; balansingizdan { $amount } yechildi. Balans: <b>{ $balance }</b>
notice-admin-payment =
    💰 To'lov #{ $id }: { $user } { $paid } to'ladi; { $credited } qo'shildi.
    Charge id: <code>{ $charge }</code>
notice-admin-payment-uncredited =
    ⚠️ To'lov #{ $id }: { $user } { $paid } to'ladi, lekin uni avtomatik qo'shib bo'lmadi (bu to'lov usuli o'chirilgan yoki hisob bizniki emas). Qo'lda qo'shing yoki pulni qaytaring.
    Charge id: <code>{ $charge }</code>
btn-refund = ↩️ Qaytarish

paysupport-text =
    <b>To'lov bo'yicha yordam</b>
    Agar to'lov balansingizga tushmagan bo'lsa yoki pulni qaytarishni so'ramoqchi bo'lsangiz, /paysupport buyrug'ini va nima bo'lganini yozib yuboring, masalan:
    <code>/paysupport Soat 14:05 da 100 yulduz to'ladim, lekin balansim o'zgarmadi</code>
    Do'kon administratorlari shu yerda javob beradi. Yulduzlar bilan qilingan to'lovni qo'shilgan summa balansingizda turgan paytda qaytarish mumkin.
paysupport-sent = Rahmat! Xabaringiz do'kon administratorlariga yuborildi, ular sizga shu yerda javob beradi.
paysupport-admin = 🆘 To'lov bo'yicha murojaat ({ $user }):

receipt-instructions =
    <b>Karta / hamyonga o'tkazma</b>
    { $instructions }

    To'lovdan so'ng o'tkazgan summangizni { $currency } hisobida yuboring, masalan 50000.
receipt-bad-amount = O'tkazgan summangizni yuboring, masalan 50000 yoki 12.50.
receipt-ask-file = Endi <b>{ $amount }</b> uchun chekning rasmini yoki PDF faylini yuboring.
receipt-send-file = Iltimos, chekni rasm yoki hujjat sifatida yuboring.
receipt-too-many = Sizda administrator tekshiruvini kutayotgan { $count } ta to'ldirish arizasi bor. Ular tekshirilguncha kuting.
receipt-received = 📨 Chek qabul qilindi: <b>{ $amount }</b> uchun #{ $id } ariza. Administrator uni tekshiradi va natijasini shu yerda aytaman.
receipt-card =
    🧾 <b>To'ldirish arizasi #{ $id }</b>
    Xaridor: { $buyer }
    Summa: <b>{ $amount }</b>
receipt-card-reused = ⚠️ Bu chek fayli avval ham yuborilgan: { $list }
receipt-card-reused-item = #{ $id } ({ $status }, foydalanuvchi { $user })
receipt-card-approved = ✅ Tasdiqladi: { $admin }; { $amount } qo'shildi.
receipt-card-rejected = ❌ Rad etdi: { $admin }. Sabab: { $reason }
receipt-status-pending = kutilmoqda
receipt-status-approved = tasdiqlangan
receipt-status-rejected = rad etilgan
btn-approve = ✅ Tasdiqlash
btn-adjust = ✏️ Summani o'zgartirish
btn-reject = ❌ Rad etish
receipt-already-decided = #{ $id } ariza allaqachon { $status } ({ $admin }).
receipt-ask-reason = #{ $id } arizani ({ $amount }) rad etish sababini yuboring. Xaridor uni ko'radi.
receipt-ask-adjust = #{ $id } ariza bo'yicha qo'shiladigan summani yuboring (xaridor { $amount } deb ko'rsatgan).
receipt-approved-admin = #{ $id } ariza tasdiqlandi: { $amount } qo'shildi (xaridor: { $buyer }).
receipt-rejected-admin = #{ $id } ariza rad etildi; xaridorga xabar berildi.
receipt-not-found = Bunday to'ldirish arizasi yo'q.
receipt-reason-empty = Iltimos, sababni matn ko'rinishida yuboring.
receipt-adjust-bad = Qo'shiladigan summani son bilan yuboring, masalan 50000 yoki 12.50 (yoki «Kerak emas» tugmasini bosing).
receipt-prompt-left = Yaxshi, #{ $id } ariza kutishda qoladi.
topups-empty = Kutilayotgan to'ldirish arizalari yo'q.
topups-title = <b>Kutilayotgan to'ldirish arizalari</b> ({ $count })
topups-line = #{ $id } · { $buyer } · { $amount } · { $age }
topups-hint = Chekni ko'rish va qaror qabul qilish uchun arizani bosing.
age-minutes = { $n } daq. oldin
age-hours = { $n } soat oldin
age-days = { $n } kun oldin

refund-usage = Foydalanish: /refund &lt;charge id&gt; (to'lov xabaridagi Telegram identifikatori yoki provayderingizniki)
refund-confirm = #{ $id } to'lov ({ $stars } ⭐) qaytarilsinmi (xaridor: { $buyer })? Uning balansidan { $amount } yechiladi.
btn-refund-confirm = ↩️ Ha, qaytarish
refund-done = ↩️ #{ $id } to'lov qaytarildi: { $stars } ⭐ xaridorga ({ $buyer }) qaytdi; uning balansidan { $amount } yechildi.
refund-done-card = ↩️ #{ $id } karta to'lovi qaytarilgan deb yozildi: { $buyer } balansidan { $amount } yechildi. Endi { $paid } ni to'lov provayderida qaytaring (charge <code>{ $charge }</code>).
refund-confirm-card = #{ $id } karta to'lovi ({ $paid }; xaridor: { $buyer }) qaytarilgan deb yozilsinmi? Uning balansidan { $amount } yechiladi. Bot kartaga pulni qaytara olmaydi: keyin to'lov provayderida qaytaring.
refund-clawback = Bu to'lov uchun berilgan referal bonus, { $taken }, { $referrer } dan qaytarib olindi.
refund-clawback-short = Bu to'lov uchun berilgan referal bonusdan { $referrer } dan { $taken } qaytarib olindi; { $short } allaqachon sarflangan va unda qoladi.
refund-short = #{ $id } to'lov qaytarilmadi: xaridor balansida ({ $balance }) qo'shilgan { $amount } endi yo'q.
refund-not-found = Bunday charge id li to'lov yo'q.
refund-already = #{ $id } to'lov allaqachon qaytarilgan.
refund-refused = Telegram #{ $id } to'lovni qaytarishni rad etdi: { $error }. Xaridorning balansi tiklandi.
refund-unknown = Telegram #{ $id } to'lovning qaytarilishini tasdiqlamadi ({ $error }). Balansdan yechilgan summa yechilganicha qoladi; yakunlash uchun /refund { $charge } buyrug'ini yana yuboring.

referrals-text =
    <b>Do'stlaringizni taklif qiling</b>
    Havolangiz: { $link }
    Shu havola orqali qo'shilganlarning har bir to'lovidan { $percent }% olasiz.
    Taklif qilinganlar: <b>{ $count }</b>
    Daromadingiz: <b>{ $earned }</b>
referrals-off =
    <b>Do'stlaringizni taklif qiling</b>
    Havolangiz: { $link }
    Taklif qilinganlar: <b>{ $count }</b>

promo-usage = Promokodni faollashtirish uchun <code>/promo KOD</code> yuboring.
promo-not-found = Bunday promokod yo'q.
promo-expired = Bu promokodning muddati tugagan.
promo-used-up = Bu promokod tugab qolgan.
promo-already = Siz bu promokoddan allaqachon foydalangansiz.
promo-redeemed = 🎁 { $code } promokodi: balansingizga <b>{ $amount }</b> qo'shildi. Balans: <b>{ $balance }</b>
promo-admin-usage =
    Foydalanish: <code>/promo create KOD summa soni [YYYY-OO-KK yoki kunlar]</code>
    Masalan: <code>/promo create SPRING 5000 100 30</code>
    KOD: 3–32 ta harf, raqam, _ yoki -.
    /promo list — oxirgi promokodlar
promo-created = <code>{ $code }</code> promokodi yaratildi: har biri { $amount }, { $uses } marta, { $expiry }.
promo-exists = Bunday nomli promokod allaqachon bor.
promo-no-expiry = muddatsiz
promo-expires = { $date } gacha amal qiladi (UTC)
promo-list-empty = Hozircha promokodlar yo'q.
promo-list-line = <code>{ $code }</code> · { $amount } · { $used }/{ $uses } ishlatilgan · { $expiry }
