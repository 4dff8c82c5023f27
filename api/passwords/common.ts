// Passwords that guessing tools try first: keyboard walks, digit runs, "password" and "senha"
// with the usual endings, names of teams, pets and places, and words tied to this product.
// Only the ones of 8 characters or more are listed, since shorter ones are refused anyway.
// Compared in lower case (policy.ts), so each appears once, lower case.
export const COMMON_PASSWORDS: readonly string[] = [
  // digit runs and repeats
  '12345678', '123456789', '1234567890', '0123456789', '01234567', '87654321', '987654321', '9876543210',
  '12341234', '12121212', '11223344', '11112222', '12344321', '13579246', '24682468', '10203040',
  '123123123', '123321123', '147258369', '159753258', '123456123', '112233445566', '123654789', '741852963',
  '20202020', '20212021', '20222022', '20232023', '20242024', '20252025', '20262026', '19901990',
  '01020304', '12345678910', '1234554321', '123456654321', '1122334455', '100200300',
  // keyboard walks
  'qwertyui', 'qwertyuiop', 'qwerty123', 'qwerty12', 'qwerty1234', 'qwertyuiop123', 'asdfghjk', 'asdfghjkl',
  'asdf1234', 'zxcvbnm1', 'zxcvbnm123', '1q2w3e4r', '1q2w3e4r5t', '1q2w3e4r5t6y', 'q1w2e3r4', 'q1w2e3r4t5',
  '1qaz2wsx', '1qaz2wsx3edc', 'zaq12wsx', 'zaq1zaq1', 'qazwsxedc', 'qazwsx123', '!qaz2wsx', 'abcd1234',
  'abc12345', 'abcdefgh', 'abcdefg1', 'abcd12345', 'a1b2c3d4', 'a1b2c3d4e5', '1a2b3c4d', 'aaaa1111',
  'qweasdzxc', 'poiuytrewq', 'mnbvcxz1', '1234qwer', 'qwer1234', 'asdfasdf', 'qwerqwer', 'zxczxczx',
  // "password" in English
  'password', 'password1', 'password12', 'password123', 'password1234', 'password!', 'password01', 'passw0rd',
  'p@ssw0rd', 'p@ssword', 'pa$$word', 'pa55word', 'passwort', 'mypassword', 'newpassword', 'password2024',
  'password2025', 'password2026', 'secret123', 'letmein1', 'letmein123', 'changeme', 'changeme1', 'changeme123',
  'welcome1', 'welcome123', 'welcome2024', 'default1', 'default123', 'temp1234', 'test1234', 'test12345',
  'testing1', 'testing123', 'guest123', 'login123', 'access14', 'trustno1', 'iloveyou', 'iloveyou1',
  'iloveyou2', 'loveyou1', 'sunshine', 'sunshine1', 'princess', 'princess1', 'football', 'football1',
  'baseball', 'basketball', 'superman', 'batman123', 'starwars', 'pokemon1', 'michael1', 'jennifer',
  'computer', 'internet', 'whatever', 'master123', 'mustang1', 'charlie1', 'shadow12', 'dragon12',
  'monkey123', 'freedom1', 'hello123', 'helloworld', 'blink182', 'liverpool', 'chelsea1', 'arsenal1',
  'qwerty12345', 'killer12', 'cheese12', 'summer2024', 'summer2025', 'winter2024', 'spring2025', 'autumn2025',
  // "senha" and Brazilian Portuguese favourites
  'senha123', 'senha1234', 'senha12345', 'senha123456', 'senhasenha', 'minhasenha', 'novasenha', 'senhanova',
  'senha@123', 'senha!123', 'senh@123', 's3nha123', 'mudar123', 'mudar@123', 'mudarsenha', 'trocar123',
  'trocarsenha', 'alterar123', 'acesso123', 'acesso1234', 'entrar123', 'bemvindo', 'bemvindo1', 'bemvindo123',
  'teamo123', 'euteamo1', 'euteamo123', 'amor1234', 'amorzinho', 'meuamor1', 'meuamor123', 'paixao123',
  'felicidade', 'saudade1', 'jesus123', 'jesuscristo', 'deusefiel', 'deus1234', 'deuseamor', 'familia1',
  'familia123', 'mamae123', 'papai123', 'brasil123', 'brasil2024', 'brasil2025', 'brasil2026', 'brasil10',
  'saopaulo', 'saopaulo1', 'riodejaneiro', 'flamengo', 'flamengo1', 'flamengo123', 'corinthians', 'corinthians1',
  'palmeiras', 'palmeiras1', 'vasco123', 'vascodagama', 'gremio123', 'cruzeiro', 'cruzeiro1', 'botafogo',
  'fluminense', 'santos123', 'saopaulofc', 'internacional', 'atletico', 'bahia123', 'sport123', 'fortaleza',
  'chocolate', 'chocolate1', 'morango1', 'abacaxi1', 'cachorro', 'cachorro1', 'gatinho1', 'pipoca123',
  'estrela1', 'princesa', 'princesa1', 'gabriel1', 'gabriela', 'fernanda', 'fernando', 'rafael123',
  'lucas123', 'mateus123', 'pedro123', 'juliana1', 'mariana1', 'beatriz1', 'carolina', 'amanda123',
  'leticia1', 'vitoria1', 'camila123', 'bruna123', 'larissa1', 'eduardo1', 'gustavo1', 'rodrigo1',
  'ricardo1', 'marcelo1', 'roberto1', 'daniel123', 'thiago123', 'felipe123', 'joaopedro', 'mariaeduarda',
  'anaclara', 'anajulia', 'mariaclara', 'joao1234', 'maria123', 'maria1234', 'jose1234', 'ana12345',
  'teste123', 'teste1234', 'teste12345', 'testeteste', 'usuario1', 'usuario123', 'empresa1', 'empresa123',
  'atendimento', 'atendimento1', 'atendimento123', 'atendente', 'suporte123', 'suporte1', 'vendas123', 'comercial',
  'financeiro', 'gerente123', 'supervisor', 'supervisor1', 'supervisor123', 'operador1', 'operador123', 'cliente123',
  // administrators and this product
  'admin123', 'admin1234', 'admin12345', 'admin@123', 'administrator', 'administrador', 'adminadmin', 'root1234',
  'toor1234', 'rootroot', 'sysadmin', 'superuser', 'manager1', 'ozia1234', 'ozia12345', 'ozia123456',
  'oziaozia', 'ozia@123', 'ozia2025', 'ozia2026', 'chatbot1', 'chatbot123', 'whatsapp', 'whatsapp1',
  'whatsapp123', 'zapzap123', 'atendimentoozia', 'admin@ozia', 'adminozia', 'oziaadmin',
];
